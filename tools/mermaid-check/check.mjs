// Parses each ```mermaid block of the given markdown files with Mermaid; exits 1 if any does not parse.
// Mermaid needs a DOM even to parse, so jsdom provides one.
import fs from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let diagrams = 0;
let invalid = 0;
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  for (const block of text.matchAll(/^```mermaid\n([\s\S]*?)^```/gm)) {
    diagrams++;
    try {
      await mermaid.parse(block[1]);
    } catch (error) {
      invalid++;
      console.log(`${file}: ${String(error.message ?? error).split('\n').slice(0, 3).join(' ')}`);
    }
  }
}
console.log(`${diagrams} diagrams parsed by Mermaid, ${invalid} invalid`);
process.exit(invalid === 0 ? 0 : 1);
