// Builds the static assets the app serves from src/followthrough/static/build/ (not in git):
// the stylesheet compiled from src/followthrough/assets/app.scss with GOV.UK Frontend, and
// GOV.UK Frontend's JavaScript. Run through `make assets`.
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/followthrough/static/build");
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "src/followthrough/assets/app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(out, "app.css"), result.css);

const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// Images the stylesheet refers to. (No fonts: we use Arial, see app.scss.)
cpSync(join(govuk, "assets/images"), join(out, "images"), { recursive: true });
console.log(`Built assets in ${out}`);
