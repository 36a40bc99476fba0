import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_subject(apps, schema_editor):
    link_model = apps.get_model("subjects", "PurposeLink")
    record_model = apps.get_model("subjects", "Record")
    link_model.objects.update(
        subject_id=Subquery(
            record_model.objects.filter(id=OuterRef("record_id")).values("subject_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("subjects", "0002_record_due_on")]

    operations = [
        migrations.AddField(
            model_name="purposelink",
            name="subject",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="purpose_links",
                to="subjects.datasubject",
            ),
        ),
        migrations.RunPython(fill_subject, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="purposelink",
            name="subject",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="purpose_links",
                to="subjects.datasubject",
            ),
        ),
        migrations.AddIndex(
            model_name="purposelink",
            index=models.Index(fields=["subject", "activity"], name="link_subject_activity"),
        ),
    ]
