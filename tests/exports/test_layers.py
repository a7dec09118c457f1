"""The format writers are plain Python over the interchange dataclasses."""

import subprocess
import sys


def test_the_writers_import_and_write_without_django():
    code = (
        "import sys\n"
        "from followthrough.exports.model import PlanExport\n"
        "from followthrough.exports.writers import board_pack, csv, docx, json, xlsx\n"
        "from followthrough.interchange import ActionPlan, ReviewInfo\n"
        "export = PlanExport(ActionPlan(review=ReviewInfo(title='A review')))\n"
        "for writer in (docx.plan_docx, xlsx.plan_xlsx, csv.plan_csv, json.plan_json):\n"
        "    assert writer(export)\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
