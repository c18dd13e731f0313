FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# WeasyPrint needs Pango; poppler is used by the report checks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install -e .
COPY . .
RUN python manage.py compile_translations \
    && DJANGO_ENV=development python manage.py collectstatic --no-input

RUN useradd --create-home app && mkdir -p /app/media && chown -R app /app/media
USER app
EXPOSE 8000
# No access log: a survey link's path and time in a log could be matched with
# the moment an anonymous answer was stored.
CMD ["gunicorn", "transformation.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
