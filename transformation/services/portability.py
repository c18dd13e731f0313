"""An organisation's data, whole: export to a versioned archive, import into another installation.

The archive is a zip file:
- `manifest.json`: format and version, the application's version and each
  app's latest migration, the organisation, when, how many rows per model,
  and the size and sha256 of every file;
- `data/organisation.json`, the organisation's own row;
- `data/users.json`: the accounts its rows name (members, authors, actors):
  e-mail, name and language only, never a password hash, session or second factor;
- `data/catalogue.json`: the shipped reference rows its rows point to (the
  roadmap template, the KPI catalogue), by the key that finds them elsewhere;
- `data/rows.json`: every row the organisation owns, serialized by Django,
  model after model in the order foreign keys need;
- `files/<stored name>`: the uploaded and produced files (evidence, logos, reports).

What an organisation owns is what deleting it deletes: the same collector
(`core.owned_rows`). The import trusts no id of the archive: every row gets
a new primary key and every reference is remapped; a row that names another
organisation, or points at a row the archive does not hold, refuses the whole
archive, and nothing is saved. Survey answers travel as they are stored,
without any link to the people who gave them. How single models travel
(credentials left out, derived rows rebuilt) is declared by their apps as
`registry.ArchiveRule`s.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tomllib
import uuid
import zipfile
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import IO, Any, NoReturn

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email, validate_slug
from django.db import DatabaseError, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from transformation import registry
from transformation.audit import AuditAction
from transformation.models import AuditEvent, Organisation, User
from transformation.services.audit import record_audit_event
from transformation.services.core import owned_rows
from transformation.services.notifications import refresh_notifications

logger = logging.getLogger(__name__)

FORMAT = "ai-programme.organisation-archive"
FORMAT_VERSION = 1
APPS = ("transformation", "assessments", "roi", "governance", "casestudies", "adoption")
BATCH = 500
MAX_UNPACKED_BYTES = 20 * 10**9


class ArchiveRefused(ValidationError):
    """The archive cannot be imported; the message says why. Nothing was saved."""


# -- What belongs to an organisation, and in which order ---------------------


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _rules() -> dict[str, registry.ArchiveRule]:
    return {rule.key: rule for rule in registry.archive_rules.all()}


def ownable_models() -> set[type[models.Model]]:
    """Every model whose rows an organisation can own: reached from it by cascading keys.

    The model-level twin of `owned_rows` (which finds the rows): the import
    accepts rows of these models only.
    """
    found: set[type[models.Model]] = set()
    queue: list[type[models.Model]] = [Organisation]
    while queue:
        model = queue.pop()
        for relation in model._meta.get_fields(include_hidden=True):
            if not (relation.auto_created and not relation.concrete) or relation.many_to_many:
                continue  # only the reverse side of foreign keys (hidden ones and m2m tables too)
            related = relation.related_model
            if relation.on_delete is models.CASCADE and related not in found:
                found.add(related)
                queue.append(related)
    found.discard(Organisation)
    return found


def _relations(model: type[models.Model]) -> list[models.ForeignKey]:
    return [field for field in model._meta.concrete_fields if field.is_relation]


def dependency_order(models_: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """The models in an order where every row's foreign keys point to rows already saved.

    Deterministic (ties by label). Where references form a circle (a use case
    and its current classification), a nullable reference gives way: the
    import saves it empty and sets it once its row exists. The audit trail
    comes last, so the objects it names have their new ids.
    """
    given = set(models_)
    remaining = sorted(given - {AuditEvent}, key=_label)
    inside = set(remaining)
    ordered: list[type[models.Model]] = []

    def waits_for(model: type[models.Model], required_only: bool) -> set[type[models.Model]]:
        return {
            field.related_model
            for field in _relations(model)
            if field.related_model in inside
            and field.related_model is not model
            and field.related_model not in ordered
            and not (required_only and field.null)
        }

    def in_circle(model: type[models.Model]) -> bool:
        seen, queue = set(), list(waits_for(model, False))
        while queue:
            current = queue.pop()
            if current is model:
                return True
            if current not in seen:
                seen.add(current)
                queue.extend(waits_for(current, False))
        return False

    while remaining:
        ready = next((m for m in remaining if not waits_for(m, False)), None) or next(
            (m for m in remaining if not waits_for(m, True) and in_circle(m)), None
        )
        if ready is None:
            raise RuntimeError(f"Required references form a circle among {remaining}")
        ordered.append(ready)
        remaining.remove(ready)
    return ordered + ([AuditEvent] if AuditEvent in given else [])


def migration_state() -> dict[str, str]:
    """Each app's latest migration in this installation's code."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return dict(sorted((app, name) for app, name in graph.leaf_nodes() if app in APPS))


def app_version() -> str:
    try:
        with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
            return tomllib.load(file)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


# -- Export --------------------------------------------------------------------


def _chunks(values: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _dump(data: Any) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


def export_organisation(
    *, organisation: Organisation, actor: User | None, out: IO[bytes]
) -> dict[str, Any]:
    """Write the organisation's archive (rows and files) to `out`; audited; returns the manifest.

    Only the organisation's own rows are read (the primary keys the deletion
    collector finds), and a row that points into another organisation stops
    the export instead of carrying that organisation's id.
    """
    content = _Export(organisation)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": app_version(),
        "migrations": migration_state(),
        "organisation": {"slug": organisation.slug, "name": organisation.name},
        "created_at": timezone.now(),
        "counts": dict(sorted(content.counts.items())),
        "files": {},
        "missing_files": [],
    }
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, storage in content.files.items():
            try:
                with storage.open(name, "rb") as file:
                    data = file.read()
            except OSError:  # gone from storage: said in the manifest, the row still travels
                logger.warning("Export of %s: file %s is missing", organisation.slug, name)
                manifest["missing_files"].append(name)
                continue
            archive.writestr(f"files/{name}", data)
            manifest["files"][name] = {
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
        archive.writestr(
            "data/organisation.json", _dump(serializers.serialize("python", [organisation]))
        )
        archive.writestr("data/users.json", _dump(content.users()))
        archive.writestr("data/catalogue.json", _dump(list(content.catalogue.values())))
        archive.writestr("data/rows.json", _dump(content.rows))
        archive.writestr("manifest.json", _dump(manifest))
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action=AuditAction.ORGANISATION_EXPORTED,
        target=organisation,
        changes={"rows": sum(content.counts.values()), "files": len(manifest["files"])},
    )
    return json.loads(_dump(manifest))


class _Export:
    """The rows of one organisation, serialized, with the accounts, shipped rows and files
    they name."""

    def __init__(self, organisation: Organisation):
        self.organisation = organisation
        self.owned = owned_rows(organisation)
        self.ownable = ownable_models()
        strays = set(self.owned) - self.ownable - {Organisation}
        if strays:
            raise RuntimeError(f"Rows reached from the organisation of unknown kinds: {strays}")
        self.rules = _rules()
        self.rows: list[dict[str, Any]] = []
        self.counts: dict[str, int] = {_label(Organisation): 1}
        self.user_ids: set[Any] = set()
        self.catalogue: dict[tuple[str, str], dict[str, Any]] = {}
        self.files: dict[str, Storage] = {}  # stored name: its storage
        self.keys: dict[type[models.Model], set[str]] = {}  # the serializer writes uuids as text
        with scopes_disabled():  # the rows are read by the keys the collector found
            for model in dependency_order(m for m in self.owned if m is not Organisation):
                rule = self.rules.get(_label(model))
                if not (rule and rule.skip):
                    self.add(model, rule.leave_out if rule else frozenset())

    def add(self, model: type[models.Model], leave_out: frozenset[str]) -> None:
        fields = [
            f for f in model._meta.concrete_fields if not f.primary_key and f.name not in leave_out
        ]
        names = [f.name for f in fields]
        for chunk in _chunks(sorted(self.owned[model])):
            queryset = model._base_manager.filter(pk__in=chunk).order_by("pk")
            for row in serializers.serialize("python", queryset, fields=names):
                for field in fields:
                    value = row["fields"][field.name]
                    if value and field.is_relation:
                        self.check_reference(row, field, value)
                    elif value and isinstance(field, models.FileField):
                        self.files[value] = field.storage
                self.rows.append(row)
                self.counts[row["model"]] = self.counts.get(row["model"], 0) + 1

    def check_reference(self, row: dict[str, Any], field: models.Field, value: Any) -> None:
        target = field.related_model
        if target is Organisation:
            if value != self.organisation.pk:
                raise RuntimeError(f"{row['model']} {row['pk']} names another organisation")
            return
        if target is User:
            self.user_ids.add(value)
            return
        if target in self.ownable:
            if target not in self.keys:
                self.keys[target] = {str(pk) for pk in self.owned.get(target, ())}
            if str(value) in self.keys[target]:
                return
        if (_label(target), str(value)) in self.catalogue:
            return
        rule = self.rules.get(_label(target))
        shipped = (
            target._base_manager.filter(pk=value).first() if rule and rule.catalogue_key else None
        )
        if shipped is None or getattr(shipped, "organisation_id", None) is not None:
            raise RuntimeError(
                f"{row['model']} {row['pk']}.{field.name} points outside the organisation"
            )
        self.catalogue[(_label(target), str(value))] = {
            "model": _label(target),
            "pk": value,
            "key": {rule.catalogue_key: getattr(shipped, rule.catalogue_key)},
        }

    def users(self) -> list[dict[str, Any]]:
        """The accounts the rows name: e-mail, name and language, nothing else."""
        return list(
            User.objects.filter(pk__in=self.user_ids)
            .order_by("pk")
            .values("pk", "email", "full_name", "language")
        )


# -- Import --------------------------------------------------------------------


def import_organisation(
    *, archive: IO[bytes], slug: str = "", actor: User | None = None
) -> Organisation:
    """Create a new organisation from an archive, all or nothing; audited in the new organisation.

    `slug` replaces the archive's short name. Refused (ArchiveRefused, nothing
    saved, no file left in storage) for another application's or a newer
    format, a short name in use, or any row that does not belong to the
    archive's organisation. Accounts are matched by e-mail or created without
    a usable password: people set one through the password reset or sign in
    with single sign-on.
    """
    written: list[tuple[Storage, str]] = []
    try:
        with transaction.atomic(), scopes_disabled():
            return _Import(archive, written).run(slug=slug, actor=actor)
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


class _Import:
    """One import's state: the archive and the new id of every row saved so far."""

    def __init__(self, archive: IO[bytes], written: list[tuple[Storage, str]]):
        try:
            self.zip = zipfile.ZipFile(archive)
        except (zipfile.BadZipFile, OSError) as error:
            raise ArchiveRefused(
                _("This file is not an organisation archive (not a zip file).")
            ) from error
        # Reading stops at each member's declared size, so the sum bounds what unpacks.
        if sum(info.file_size for info in self.zip.infolist()) > MAX_UNPACKED_BYTES:
            raise ArchiveRefused(
                _("The archive unpacks to more than %(limit)s GB.")
                % {"limit": MAX_UNPACKED_BYTES // 10**9}
            )
        self.written = written
        self.rules = _rules()
        self.ownable = {_label(m): m for m in ownable_models()}
        self.new_ids: dict[tuple[str, str], Any] = {}
        self.deferred: list[tuple[type[models.Model], models.Model, str, str, str]] = []

    def read(self, name: str) -> Any:
        try:
            return json.loads(self.zip.read(name))
        except KeyError as error:
            raise ArchiveRefused(_("The archive lacks %(name)s.") % {"name": name}) from error
        except (ValueError, zipfile.BadZipFile) as error:
            raise ArchiveRefused(
                _("The archive's %(name)s is damaged.") % {"name": name}
            ) from error

    def run(self, *, slug: str, actor: User | None) -> Organisation:
        self.manifest = self.read("manifest.json")
        self.check_format()
        organisation = self.organisation(slug)
        self.users = self.accounts(self.read("data/users.json"))
        self.catalogue = self.catalogue_rows(self.read("data/catalogue.json"))
        rows = self.read("data/rows.json")
        if not isinstance(rows, list):
            raise ArchiveRefused(_("The archive's rows are damaged."))
        self.present = self.inventory(rows)
        batch: list[dict[str, Any]] = []
        for row in rows:
            if batch and batch[0]["model"] != row["model"]:
                self.save(batch)
                batch = []
            batch.append(row)
        if batch:
            self.save(batch)
        self.resolve_deferred()
        # Derived from what is due, with ids in their links: rebuilt, not carried (read marks go).
        refresh_notifications(organisation=organisation, now=timezone.now())
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action=AuditAction.ORGANISATION_IMPORTED,
            target=organisation,
            changes={
                "from": (self.manifest.get("organisation") or {}).get("slug", ""),
                "rows": len(rows),
                "files": len(self.written),
            },
        )
        return organisation

    def refuse(self, message: str, **values: Any) -> NoReturn:
        raise ArchiveRefused(message % values if values else message)

    def check_format(self) -> None:
        manifest = self.manifest
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            self.refuse(_("This file is not an organisation archive of this application."))
        version = manifest.get("format_version")
        if not isinstance(version, int) or version < 1:
            self.refuse(_("The archive's format version is missing or invalid."))
        if version > FORMAT_VERSION:
            self.refuse(
                _(
                    "The archive has format version %(version)s, made by a newer version of the "
                    "application; this installation reads up to version %(known)s. Update it first."
                ),
                version=version,
                known=FORMAT_VERSION,
            )
        graph = MigrationLoader(None, ignore_no_migrations=True).graph
        for app, name in (manifest.get("migrations") or {}).items():
            if (app, name) not in graph.nodes:
                self.refuse(
                    _(
                        "The archive was made with a newer database schema (%(app)s: %(name)s) "
                        "than this installation has. Update this installation first."
                    ),
                    app=app,
                    name=name,
                )

    def organisation(self, slug: str) -> Organisation:
        rows = self.read("data/organisation.json")
        if not (
            isinstance(rows, list)
            and len(rows) == 1
            and isinstance(rows[0], dict)
            and rows[0].get("model") == _label(Organisation)
            and isinstance(rows[0].get("fields"), dict)
        ):
            self.refuse(_("The archive's organisation is damaged."))
        row = rows[0]
        self.old_organisation = str(row.get("pk"))
        slug = str(slug or row["fields"].get("slug") or "").strip()
        try:
            validate_slug(slug)
        except ValidationError:
            self.refuse(_("“%(slug)s” is not a valid short name."), slug=slug)
        if Organisation.objects.filter(slug=slug).exists():
            self.refuse(
                _(
                    "An organisation with the short name “%(slug)s” exists already. Import it "
                    "under another short name (--slug)."
                ),
                slug=slug,
            )
        organisation = self.build(Organisation, {**row["fields"], "slug": slug})
        try:
            organisation.full_clean()
        except ValidationError as error:
            self.refuse(
                _("The archive's %(model)s rows are damaged: %(error)s"),
                model=_label(Organisation),
                error=" ".join(error.messages),
            )
        self.insert(Organisation, [organisation])
        self.new_ids[(_label(Organisation), self.old_organisation)] = organisation.pk
        return organisation

    def accounts(self, rows: Any) -> dict[str, Any]:
        users = {}
        languages = {code for code, _name in settings.LANGUAGES}
        for row in rows if isinstance(rows, list) else []:
            email = str(row.get("email", "")).strip().lower()
            try:
                validate_email(email)
            except ValidationError:
                self.refuse(
                    _("The archive names an invalid e-mail address: %(email)s"), email=email
                )
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                language = row.get("language") if row.get("language") in languages else ""
                user = User.objects.create_user(
                    email=email,
                    password=None,
                    full_name=str(row.get("full_name", ""))[:150],
                    language=language,
                )
            users[str(row.get("pk"))] = user.pk
        return users

    def catalogue_rows(self, rows: Any) -> dict[tuple[str, str], Any]:
        found = {}
        for row in rows if isinstance(rows, list) else []:
            label = row.get("model")
            rule = self.rules.get(label)
            if (
                not rule
                or not rule.catalogue_key
                or set(row.get("key") or {}) != {rule.catalogue_key}
            ):
                self.refuse(
                    _("The archive refers to unknown shipped rows (%(model)s)."), model=label
                )
            model = apps.get_model(label)
            lookup = dict(row["key"])
            if any(f.name == "organisation" for f in model._meta.concrete_fields):
                lookup["organisation__isnull"] = True
            target = model._base_manager.filter(**lookup).first()
            if target is None:
                self.refuse(
                    _("This installation lacks the shipped %(model)s %(key)s the archive uses."),
                    model=model._meta.verbose_name,
                    key=", ".join(str(v) for v in lookup.values() if v is not True),
                )
            found[(label, str(row.get("pk")))] = target.pk
        return found

    def inventory(self, rows: list[Any]) -> dict[str, set[str]]:
        present: dict[str, set[str]] = {}
        for row in rows:
            label = row.get("model") if isinstance(row, dict) else None
            label = label if isinstance(label, str) else repr(label)[:60]
            rule = self.rules.get(label)
            if label not in self.ownable or (rule and rule.skip):
                self.refuse(
                    _("The archive holds rows of a kind no organisation owns (%(model)s)."),
                    model=label,
                )
            if not isinstance(row.get("fields"), dict):
                self.refuse(_("The archive's rows are damaged."))
            key = str(row.get("pk"))
            if key in present.setdefault(label, set()):
                self.refuse(
                    _("The archive holds the row %(model)s %(pk)s twice."), model=label, pk=key
                )
            present[label].add(key)
        return present

    def build(self, model: type[models.Model], fields: dict[str, Any]) -> models.Model:
        try:
            (item,) = serializers.deserialize(
                "python", [{"model": _label(model), "fields": fields}], ignorenonexistent=False
            )
        except (DeserializationError, ValidationError, ValueError, TypeError, LookupError) as error:
            self.refuse(
                _("The archive's %(model)s rows are damaged: %(error)s"),
                model=_label(model),
                error=error,
            )
        return item.object

    def reference(
        self,
        model: type[models.Model],
        old: str,
        field: models.ForeignKey,
        fields: dict[str, Any],
        later: list[tuple[str, str, str]],
    ) -> bool:
        """Point `field` at the new id of the row it named; True if that ties the row to the
        organisation (its organisation, or a parent it goes with)."""
        value = fields[field.name]
        target = field.related_model
        label = _label(target)
        key = str(value)
        if target is Organisation:
            if key != self.old_organisation:
                self.refuse(
                    _("The archive's %(model)s %(pk)s names another organisation: refused."),
                    model=_label(model),
                    pk=old,
                )
            fields[field.name] = self.new_ids[(label, key)]
            return True
        if target is User:
            if key not in self.users:
                self.refuse(
                    _("The archive's %(model)s %(pk)s names an unknown person."),
                    model=_label(model),
                    pk=old,
                )
            fields[field.name] = self.users[key]
            return False
        if (label, key) in self.catalogue:
            fields[field.name] = self.catalogue[(label, key)]
            return False
        if (label, key) in self.new_ids:
            fields[field.name] = self.new_ids[(label, key)]
            return field.remote_field.on_delete is models.CASCADE
        if key in self.present.get(label, ()) and field.null:
            fields[field.name] = None  # saved empty, set once its row exists
            later.append((field.attname, label, key))
            return False
        self.refuse(
            _(
                "The archive's %(model)s %(pk)s refers to a row it does not hold (%(target)s "
                "%(target_pk)s), perhaps another organisation's: refused."
            ),
            model=_label(model),
            pk=old,
            target=label,
            target_pk=key,
        )
        return False

    def save(self, rows: list[dict[str, Any]]) -> None:
        model = self.ownable[rows[0]["model"]]
        rule = self.rules.get(_label(model))
        leave_out = rule.leave_out if rule else frozenset()
        allowed = {f.name for f in model._meta.concrete_fields if not f.primary_key} - leave_out
        relations = _relations(model)
        files = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        fresh = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.UUIDField) and f.unique and not f.primary_key
        ]
        objects = []
        for row in rows:
            old = str(row.get("pk"))
            fields = dict(row["fields"])
            unknown = set(fields) - allowed
            if unknown:
                self.refuse(
                    _(
                        "The archive's %(model)s rows have fields this installation does not "
                        "know: %(fields)s"
                    ),
                    model=_label(model),
                    fields=", ".join(sorted(unknown)),
                )
            tied, later = False, []
            for field in relations:
                if fields.get(field.name) is not None:
                    tied = self.reference(model, old, field, fields, later) or tied
            # An empty organisation would make a shared row (a published case study, a
            # catalogue KPI) that every organisation sees.
            unowned = any(
                f.related_model is Organisation and fields.get(f.name) is None for f in relations
            )
            if unowned or not tied:
                self.refuse(
                    _("The archive's %(model)s %(pk)s belongs to no organisation: refused."),
                    model=_label(model),
                    pk=old,
                )
            names = {field: fields.pop(field.name, "") for field in files}
            instance = self.build(model, fields)
            for field in fresh:
                setattr(instance, field.attname, uuid.uuid4())
            if model is AuditEvent:
                instance.target_id = self.new_target(instance.target_type, instance.target_id)
            if rule and rule.on_import:
                rule.on_import(instance)
            for field, name in names.items():
                setattr(instance, field.attname, self.file(field, instance, name))
            self.deferred.extend((model, instance, *waiting) for waiting in later)
            objects.append((old, instance))
        self.insert(model, [instance for _old, instance in objects])
        for old, instance in objects:
            self.new_ids[(_label(model), old)] = instance.pk

    def new_target(self, label: str, old: str) -> str:
        if label == _label(User):
            return str(self.users.get(old, ""))
        return str(self.new_ids.get((label, old), ""))

    def file(self, field: models.FileField, instance: models.Model, name: Any) -> str:
        if not name:
            return ""
        name = str(name)
        if name in (self.manifest.get("missing_files") or []):
            return ""
        expected = (self.manifest.get("files") or {}).get(name)
        if not expected:
            self.refuse(_("The archive's file %(name)s is not in its manifest."), name=name)
        try:
            content = self.zip.read(f"files/{name}")
        except KeyError:
            self.refuse(_("The archive lacks the file %(name)s."), name=name)
        if hashlib.sha256(content).hexdigest() != expected.get("sha256"):
            self.refuse(_("The archive's file %(name)s does not match its checksum."), name=name)
        stored = field.storage.save(
            field.generate_filename(instance, PurePosixPath(name).name), ContentFile(content)
        )
        self.written.append((field.storage, stored))
        return stored

    def insert(self, model: type[models.Model], objects: list[models.Model]) -> None:
        """Save new rows as they are, keeping their recorded times (auto_now fields too)."""
        stamped = [
            f
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        times = [[getattr(obj, f.attname) for f in stamped] for obj in objects]
        try:
            # Plain querysets: no manager may add behaviour (the trail's guard refuses updates).
            models.QuerySet(model).bulk_create(objects, batch_size=BATCH)
            if stamped:
                for obj, values in zip(objects, times, strict=True):
                    for field, value in zip(stamped, values, strict=True):
                        setattr(obj, field.attname, value)
                models.QuerySet(model).bulk_update(
                    objects, [f.name for f in stamped], batch_size=BATCH
                )
        except DatabaseError as error:
            self.refuse(
                _("The archive's %(model)s rows break a rule of the database: %(error)s"),
                model=_label(model),
                error=error,
            )

    def resolve_deferred(self) -> None:
        changed: dict[type[models.Model], tuple[set[str], list[models.Model]]] = {}
        for model, instance, attname, label, key in self.deferred:
            if (label, key) not in self.new_ids:
                self.refuse(
                    _("The archive refers to a row it does not hold (%(target)s %(pk)s)."),
                    target=label,
                    pk=key,
                )
            setattr(instance, attname, self.new_ids[(label, key)])
            names, objects = changed.setdefault(model, (set(), []))
            names.add(attname)
            objects.append(instance)
        for model, (names, objects) in changed.items():
            fields = [f.name for f in model._meta.concrete_fields if f.attname in names]
            models.QuerySet(model).bulk_update(
                list({id(o): o for o in objects}.values()), fields, batch_size=BATCH
            )
