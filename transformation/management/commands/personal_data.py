"""Answer a person's access or erasure request that reached the operators by mail.

manage.py personal_data person@example.com --out data.json
manage.py personal_data person@example.com --erase --yes
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from transformation.models import User
from transformation.services import privacy


class Command(BaseCommand):
    help = "Export (GDPR Art 15) or erase (Art 17) the personal data of one account."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--out", help="write the export to this file (default: print it)")
        parser.add_argument("--erase", action="store_true", help="erase instead of exporting")
        parser.add_argument("--yes", action="store_true", help="confirm the erasure")

    def handle(self, email, out=None, erase=False, yes=False, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        if not erase:
            text = json.dumps(privacy.personal_data(user), indent=2, ensure_ascii=False)
            if out:
                with open(out, "w", encoding="utf-8") as handle:
                    handle.write(text)
                self.stdout.write(f"Wrote the personal data of {user.email} to {out}.")
            else:
                self.stdout.write(text)
            return
        if not yes:
            raise CommandError("Erasure cannot be undone: add --yes to confirm.")
        try:
            label = privacy.erase_person(user=user, actor=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Erased; the person appears as {label} from now on.")
