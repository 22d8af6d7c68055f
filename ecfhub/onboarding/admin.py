from django.contrib import admin

from ecfhub.lib.admin import ReadOnlyAdmin
from ecfhub.onboarding.models import CsvImport, Invitation, SchoolListImport

# Invitations hold only a hash of their token; new links are sent from the school pages.


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["user", "created_at", "expires_at", "used_at", "revoked_at"]
    search_fields = ["user__email", "user__full_name"]
    exclude = ["token_hash"]


@admin.register(CsvImport)
class CsvImportAdmin(ReadOnlyAdmin):
    list_display = ["school", "filename", "row_count", "status", "saved_count", "created_at"]
    list_filter = ["status"]
    exclude = ["rows"]


@admin.register(SchoolListImport)
class SchoolListImportAdmin(ReadOnlyAdmin):
    list_display = ["filename", "status", "uploaded_by", "created_at", "applied_at"]
    list_filter = ["status"]
    exclude = ["changes"]
