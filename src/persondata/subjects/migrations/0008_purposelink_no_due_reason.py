"""Purpose links no longer store ``due_reason``.

The reason in words is a pure function of the rule, the subject's facts and
the declaration; ``retention.engine.due_reasons`` computes it when read. A
declaration change that only rewords reasons then writes no link.
Going back adds the column empty; ``persondata retention recompute`` on the
older release fills it again.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("subjects", "0007_fewer_record_indexes"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="purposelink",
            name="due_reason",
        ),
    ]
