// Inline style and script of the HTML report: no external requests, so the file works offline and under
// strict CSP-less viewers. The script only sorts and filters rows already in the page.

/** The report's whole stylesheet. */
export const HTML_STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#f4f4f4;user-select:none}th:after{content:" \\2195";color:#aaa}
tr.suppressed{opacity:.55}tr.suppressed td:first-child:after{content:" (suppressed)"}
.sev-critical{color:#7b1fa2;font-weight:bold}.sev-high{color:#c62828}.sev-medium{color:#ef6c00}
.sev-low{color:#00838f}.sev-unknown{color:#757575}
details{margin:.2em 0}code{font-size:.9em}#search{padding:4px;width:20em;margin:1em 0}
.warn{color:#8a6d00}.details{white-space:pre-wrap}
`;

/** Sorts the findings table by a clicked column and filters it by the search box. */
export const HTML_SCRIPT = `
(function(){
  var table=document.getElementById("findings");if(!table)return;
  var body=table.tBodies[0];
  document.getElementById("search").addEventListener("input",function(e){
    var q=e.target.value.toLowerCase();
    Array.prototype.forEach.call(body.rows,function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?"":"none";});
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
    var asc=true;
    th.addEventListener("click",function(){
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[i].getAttribute("data-sort")||a.cells[i].textContent;
        var y=b.cells[i].getAttribute("data-sort")||b.cells[i].textContent;
        var nx=parseFloat(x),ny=parseFloat(y);
        var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
        return asc?c:-c;
      });
      asc=!asc;rows.forEach(function(r){body.appendChild(r);});
    });
  });
})();
`;
