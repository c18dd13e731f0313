import factory

from governance.models import UseCase


class UseCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UseCase

    title = factory.Sequence(lambda n: f"Use case {n}")
    application_area = "customer_service"
    efficiency_potential = 4
    complexity_reduction = 3
    strategic_relevance = 5
    data_readiness = 4
    implementation_risk = 2
