import { createHash } from "node:crypto";

// Inline style and script of the HTML report: one self-contained file that works offline. A strict Content
// Security Policy allows exactly these two (by hash) and nothing else, so even text that escaped escaping
// could neither run a script nor load anything.

/** The report's whole stylesheet: readable from 360 px phones to wide screens, nothing wider than the page. */
export const HTML_STYLE = `
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa;overflow-wrap:break-word}
header.top,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}
h1{font-size:1.5em;margin:.8em 0 .2em}h2{font-size:1.2em;margin:1.4em 0 .5em}h3{font-size:1.05em;margin:0}
a{color:#0550ae}summary{cursor:pointer;color:#0550ae}
code{font:.92em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.lead{font-size:1.1em;margin:.2em 0 .8em}
.alert{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:8px 12px}
dl.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 12px;margin:0 0 1em}
dl.meta dt{color:#59636e}dl.meta dd{margin:0;min-width:0;overflow-wrap:anywhere}
ul.plain{list-style:none;margin:0;padding:0}
.coverage{padding-left:1.2em}.coverage .unchecked{color:#9a6700}
.overview{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:center}
svg.chart{max-width:100%;height:auto}
.bar-critical{fill:#7b1fa2}.bar-high{fill:#c62828}.bar-medium{fill:#ef6c00}.bar-low{fill:#00838f}.bar-unknown{fill:#9e9e9e}
.sev-critical{color:#7b1fa2}.sev-high{color:#c62828}.sev-medium{color:#b45309}.sev-low{color:#00838f}.sev-unknown{color:#59636e}
.filters{position:sticky;top:0;z-index:1;background:#f6f8fa;padding:8px 0;border-bottom:1px solid #d1d9e0}
#search{width:100%;max-width:32em;padding:6px 8px;font:inherit}
.row{display:flex;flex-wrap:wrap;gap:6px 14px;margin-top:6px;align-items:center}
.chip,.sort{white-space:nowrap}.chip .n{color:#59636e}
.shown{color:#59636e;margin:.6em 0}
.pkg{background:#fff;border:1px solid #d1d9e0;border-radius:8px;padding:10px 14px;margin:10px 0;content-visibility:auto;contain-intrinsic-size:auto 200px}
.phead{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:baseline;justify-content:space-between}
.phead h3{min-width:0;overflow-wrap:anywhere}.pver{font-family:ui-monospace,monospace;font-weight:normal}
.tags{margin:0;display:flex;flex-wrap:wrap;gap:6px}
.tag{border:1px solid #d1d9e0;border-radius:10px;padding:0 8px;font-size:.85em;white-space:nowrap}
.k{font-weight:600;margin-right:.3em}
.fix{margin:.45em 0}.fix.ok .k{color:#1a7f37}.fix.none .k{color:#9a6700}
.loc{margin:.3em 0;color:#59636e;overflow-wrap:anywhere}
.paths ul,.refs{margin:.3em 0;padding-left:1.2em;overflow-wrap:anywhere}
.vulns{list-style:none;margin:.5em 0 0;padding:0}
.vuln{border-top:1px solid #eaeef2;padding:6px 0;overflow-wrap:anywhere}
.vuln>b,.vuln>a,.vuln>span,.vuln>small{margin-right:.6em}
.sev{white-space:nowrap}.vid{font-family:ui-monospace,monospace}.vuln>small{color:#59636e;font-size:.88em}
.more{font:inherit;font-size:.88em;color:#0550ae;background:none;border:0;padding:0;cursor:pointer;text-decoration:underline}
.more[aria-expanded=true]{font-weight:600}
.more-body>*{margin:.35em 0}
.text{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;border-radius:6px;padding:8px}
.suppressed>:not(.more-body){opacity:.6}.tag.sup{color:#59636e}
.warn{color:#7d4e00}.empty{font-size:1.1em}
footer{color:#59636e;font-size:.9em;margin:2em auto 1em}
[hidden]{display:none!important}
time{white-space:nowrap}
@media (max-width:600px){body{font-size:14px}header.top,main,footer{padding:0 10px}.pkg{padding:8px 10px}.filters{position:static}}
`;

/**
 * Filters (search text, severities, fixable, direct, suppressed) and sorting of the package list, and each
 * finding's details copied into place when first opened (see DetailTexts). Built for 5,000
 * findings: nothing runs at load but un-hiding the controls; the first interaction reads the rows once; each
 * change then only touches the rows whose visibility changes, and the browser lays out only what is on screen
 * (content-visibility). Sort keys are ranks computed by Bulwark in each ecosystem's version order.
 */
export const HTML_SCRIPT = `
(function(){
"use strict";
var list=document.getElementById("packages"),filters=document.getElementById("filters");
if(!list||!filters){document.documentElement.setAttribute("data-ready","");return;}
filters.hidden=false;
var search=document.getElementById("search"),sort=document.getElementById("sort"),shown=document.getElementById("shown");
var fixable=document.getElementById("f-fixable"),direct=document.getElementById("f-direct"),sup=document.getElementById("f-suppressed");
var sevBoxes=filters.querySelectorAll("input[name=sev]");
var groups=null,pending=false,total=0;
function num(el,name){return Number(el.getAttribute(name))||0;}
function build(){
  groups=[];
  for(var a=list.firstElementChild;a;a=a.nextElementSibling){
    var g={el:a,d:a.hasAttribute("data-d"),text:null,shown:true,vulns:[],
      k:{s:num(a,"data-s"),sc:num(a,"data-sc"),n:num(a,"data-n"),v:num(a,"data-v"),f:num(a,"data-f"),c:num(a,"data-c")}};
    var items=a.querySelectorAll("li.vuln");
    for(var i=0;i<items.length;i++){var li=items[i];
      g.vulns.push({el:li,s:li.getAttribute("data-s"),x:li.hasAttribute("data-x"),u:li.hasAttribute("data-u"),text:null,shown:true});}
    total+=g.vulns.length;groups.push(g);
  }
}
function rowText(li){var t="";for(var c=li.firstElementChild;c;c=c.nextElementSibling)if(c.tagName!=="BUTTON"&&c.className!=="more-body")t+=c.textContent+" ";return t.toLowerCase();}
function groupText(g){var h=g.el.querySelector(".phead"),f=g.el.querySelector(".fix");
  return ((h?h.textContent:"")+" "+(f?f.textContent:"")).toLowerCase();}
function apply(){
  pending=false;if(!groups)build();
  var q=search.value.trim().toLowerCase(),sev={};
  for(var i=0;i<sevBoxes.length;i++)sev[sevBoxes[i].value]=sevBoxes[i].checked;
  var onlyFixable=fixable.checked,onlyDirect=direct.checked,withSup=sup?sup.checked:true,ng=0,nv=0;
  for(var j=0;j<groups.length;j++){var g=groups[j],ok=!onlyDirect||g.d,match=false,any=0;
    if(q&&ok){if(g.text===null)g.text=groupText(g);match=g.text.indexOf(q)>=0;}
    for(var k=0;k<g.vulns.length;k++){var v=g.vulns[k];
      var show=ok&&sev[v.s]&&(!onlyFixable||v.x)&&(withSup||!v.u);
      if(show&&q&&!match){if(v.text===null)v.text=rowText(v.el);show=v.text.indexOf(q)>=0;}
      if(show!==v.shown){v.el.hidden=!show;v.shown=show;}
      if(show)any++;}
    var gs=any>0;if(gs!==g.shown){g.el.hidden=!gs;g.shown=gs;}
    if(gs){ng++;nv+=any;}}
  shown.textContent=nv===0?"No findings match these filters.":
    (nv===total?"Showing all ":"Showing ")+nv.toLocaleString("en-US")+" of "+total.toLocaleString("en-US")+" findings, in "+ng.toLocaleString("en-US")+(ng===1?" package.":" packages.");
}
function schedule(){if(!pending){pending=true;requestAnimationFrame(apply);}}
filters.addEventListener("input",function(ev){if(ev.target!==sort)schedule();});
filters.addEventListener("change",function(ev){if(ev.target!==sort&&ev.target!==search)schedule();});
sort.addEventListener("change",function(){
  if(!groups)build();var key=sort.value;
  var ordered=groups.slice().sort(function(a,b){var x=a.k,y=b.k;
    if(key==="s")return x.s-y.s||y.sc-x.sc||y.c-x.c||x.n-y.n;
    if(key==="c")return y.c-x.c||x.s-y.s||x.n-y.n;
    return x[key]-y[key]||x.n-y.n;});
  var frag=document.createDocumentFragment();
  for(var i=0;i<ordered.length;i++)frag.appendChild(ordered[i].el);
  list.appendChild(frag);groups=ordered;
});
list.addEventListener("click",function(ev){var b=ev.target;
  if(!b||!b.classList||!b.classList.contains("more"))return;
  var body=b.nextElementSibling;
  if(!body){body=document.createElement("div");body.className="more-body";b.after(body);
    var ids=(b.getAttribute("data-a")||"").split(" ");b.removeAttribute("data-a");
    for(var i=0;i<ids.length;i++){var src=ids[i]&&document.getElementById(ids[i]);
      if(src)body.insertAdjacentHTML("beforeend",src.textContent);}}
  else body.hidden=!body.hidden;
  b.setAttribute("aria-expanded",body.hidden?"false":"true");});
document.documentElement.setAttribute("data-ready","");
})();
`;

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/**
 * The report's Content Security Policy: nothing may load (no network at all) and only the report's own style
 * and script, identified by their hashes, may apply or run; no base URL, no form submission.
 */
export const HTML_CSP = [
  "default-src 'none'",
  `script-src ${sha256(HTML_SCRIPT)}`,
  `style-src ${sha256(HTML_STYLE)}`,
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
