"""Create the demo organisations, their people and (through the registry) every app's data.

`--copies N --slug S` creates instead one organisation S holding N copies of
the wholesaler (N times its departments, their people and every app's
per-department data, N times its use cases): the data the growth benchmark
(scripts/bench_growth.py) measures at 1x, 10x and 100x.
"""

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django_scopes import scope, scopes_disabled

from transformation import registry
from transformation.demo import copy_name
from transformation.models import Department, Membership, Organisation, Role, User

DEMO_PASSWORD = "demo-Programme-2026"  # noqa: S105 - printed for the demo on purpose

# The playbook's technical wholesaler: 220 employees.
WHOLESALER_DEPARTMENTS = [
    # name, parent, headcount (own staff, without sub-departments)
    ("Management", None, 9),
    ("Sales", None, 46),
    ("Customer support", None, 38),
    ("Logistics", None, 10),
    ("Warehouse", "Logistics", 42),
    ("Transport", "Logistics", 12),
    ("Purchasing", None, 20),
    ("Quality", "Purchasing", 4),
    ("IT", None, 15),
    ("Finance and HR", None, 24),
]

WHOLESALER_PEOPLE = [
    # e-mail, name, role, department
    ("coordinator@demo.example", "Anna Berger", Role.COORDINATOR, "IT"),
    ("steering@demo.example", "Dr. Klaus Hoffmann", Role.STEERING, "Management"),
    ("champion@demo.example", "Mehmet Yilmaz", Role.CHAMPION, "Customer support"),
    ("sales.champion@demo.example", "Julia Schneider", Role.CHAMPION, "Sales"),
    ("employee@demo.example", "Lukas Weber", Role.EMPLOYEE, "Warehouse"),
]

BAKERY_DEPARTMENTS = [("Bakery", None, 11), ("Shops", None, 7)]
BAKERY_PEOPLE = [
    ("coordinator@bakkerij.example", "Sanne de Vries", Role.COORDINATOR, "Shops"),
    ("employee@bakkerij.example", "Daan Jansen", Role.EMPLOYEE, "Bakery"),
]

CONSULTANT = ("consultant@demo.example", "Eva Consultant")


WHOLESALER = {
    "name": "NordTec Technik-Großhandel GmbH",
    "sector": "Technical wholesale",
    "employee_count": 220,
    "country": "DE",
    "default_language": "de",
    "has_works_council": True,
    "organisation_model": Organisation.Model.FEDERAL,
}


@transaction.atomic
def seed_wholesaler_copies(*, slug: str, copies: int) -> Organisation:
    """One organisation with `copies` copies of the wholesaler's departments, people and data.

    Copy 1 is the demo itself (same names, same logins); copy k > 1 adds
    "<department> k" and one more steering member, two champions and an
    employee per copy, who sign in with the demo password. Idempotent like
    the demo: an organisation that exists is left as it is.
    """
    existing = Organisation.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    values = {**WHOLESALER, "employee_count": WHOLESALER["employee_count"] * copies}
    if copies > 1:
        values["name"] = f"{WHOLESALER['name']} ×{copies}"
    organisation = Organisation.objects.create(slug=slug, **values)
    password = make_password(DEMO_PASSWORD)  # hashed once: 400 hashes would take minutes
    with scope(organisation=organisation):
        for copy in range(1, copies + 1):
            departments = {}
            for name, parent, headcount in WHOLESALER_DEPARTMENTS:
                departments[name] = Department(
                    organisation=organisation,
                    name=copy_name(name, copy),
                    parent=departments.get(parent),
                    headcount=headcount,
                )
            # Parents first, so that the children's bulk insert sees their keys.
            Department.objects.bulk_create(d for d in departments.values() if d.parent is None)
            Department.objects.bulk_create(d for d in departments.values() if d.parent)
            people = WHOLESALER_PEOPLE if copy == 1 else WHOLESALER_PEOPLE[1:]
            users = {}
            for email, name, _role, _department in people:
                if copy > 1:
                    local, _, domain = email.partition("@")
                    email = f"{local}+{slug}-{copy}@{domain}"
                users[email] = User.objects.filter(email=email).first() or User(
                    email=email, full_name=copy_name(name, copy), password=password
                )
            User.objects.bulk_create(u for u in users.values() if u.pk is None)
            Membership.objects.bulk_create(
                Membership(
                    organisation=organisation,
                    user=user,
                    role=role,
                    department=departments[department],
                )
                for user, (_email, _name, role, department) in zip(
                    users.values(), people, strict=True
                )
            )
        registry.seed_organisation(organisation, size="full", copies=copies)
    return organisation


class Command(BaseCommand):
    help = "Create or refresh the demo organisations and print their logins (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--copies",
            type=int,
            default=0,
            help="Create one organisation (--slug) with this many copies of the wholesaler.",
        )
        parser.add_argument("--slug", default="nordtec-copies")

    def handle(self, *args, **options):
        if options["copies"] > 0:
            organisation = seed_wholesaler_copies(slug=options["slug"], copies=options["copies"])
            self.stdout.write(f"/o/{organisation.slug}/: {options['copies']} copies of the demo.")
            self._print_logins()
            return
        with transaction.atomic():
            wholesaler = self._organisation(slug="nordtec", **WHOLESALER)
            bakery = self._organisation(
                slug="bakkerij",
                name="Bakkerij Van Dijk B.V.",
                sector="Food crafts",
                employee_count=18,
                country="NL",
                default_language="nl",
                has_works_council=False,
                organisation_model=Organisation.Model.NETWORK,
            )
            self._people(wholesaler, WHOLESALER_DEPARTMENTS, WHOLESALER_PEOPLE)
            self._people(bakery, BAKERY_DEPARTMENTS, BAKERY_PEOPLE)
            consultant = self._user(*CONSULTANT)
            for organisation in (wholesaler, bakery):
                with scopes_disabled():
                    Membership.objects.update_or_create(
                        organisation=organisation,
                        user=consultant,
                        defaults={"role": Role.COORDINATOR},
                    )
            for organisation, size in ((wholesaler, "full"), (bakery, "small")):
                with scope(organisation=organisation):
                    registry.seed_organisation(organisation, size=size)
        self._print_logins()

    def _organisation(self, *, slug: str, **values) -> Organisation:
        organisation, _ = Organisation.objects.update_or_create(slug=slug, defaults=values)
        return organisation

    def _user(self, email: str, name: str) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        return user

    def _people(self, organisation, departments, people) -> None:
        with scope(organisation=organisation):
            by_name: dict[str, Department] = {}
            for name, parent, headcount in departments:
                by_name[name], _ = Department.objects.update_or_create(
                    organisation=organisation,
                    name=name,
                    defaults={"parent": by_name.get(parent), "headcount": headcount},
                )
            for email, name, role, department in people:
                user = self._user(email, name)
                Membership.objects.update_or_create(
                    organisation=organisation,
                    user=user,
                    defaults={"role": role, "department": by_name[department]},
                )

    def _print_logins(self) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at /accounts/login/ with:"))
        rows = [*WHOLESALER_PEOPLE, *BAKERY_PEOPLE]
        for email, _name, role, department in rows:
            self.stdout.write(f"  {email:<32} {role.label:<20} {department}")
        self.stdout.write(f"  {CONSULTANT[0]:<32} {'AI coordinator of both organisations'}")
        self.stdout.write(f"Password for every demo login: {DEMO_PASSWORD}")
