// GOV.UK Frontend's components, started from a file rather than an inline script, so the
// Content-Security-Policy allows no inline script but the one-line class switch in base.html.
import { initAll } from "../build/govuk-frontend.min.js";

initAll();
