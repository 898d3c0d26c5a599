from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("ekspert/<slug:slug>/", views.ExpertDetailView.as_view(), name="detail"),
]
