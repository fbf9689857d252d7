/**
 * The dashboard's one stylesheet, inline in each page (the CSP allows inline style, no script):
 * one column, system fonts, tap targets of at least 44 px, readable on a phone first.
 */
export const STYLES = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f4f5f7}
a{color:#0b57d0}
header.top{background:#1f2a37;color:#fff;padding:.6rem 1rem}
header.top .firm{font-weight:600}
header.top nav{display:flex;flex-wrap:wrap;gap:.25rem .5rem;margin-top:.4rem;align-items:center}
header.top nav a{color:#fff;text-decoration:none;padding:.55rem .7rem;border-radius:6px;background:#324256;min-height:44px;display:inline-flex;align-items:center}
header.top nav a[aria-current=page]{background:#fff;color:#1f2a37}
header.top form{margin:0 0 0 auto}
header.top .who{font-size:.85rem;opacity:.85;margin-top:.3rem}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.2rem 0 .8rem}
h2{font-size:1.1rem;margin:1.4rem 0 .5rem;border-bottom:1px solid #d5d9df;padding-bottom:.2rem}
section.card,li.card,div.card{background:#fff;border:1px solid #d5d9df;border-radius:10px;padding:.8rem 1rem;margin:.6rem 0}
ul.list{list-style:none;padding:0;margin:0}
button,.button{font:inherit;min-height:44px;padding:.55rem 1rem;border-radius:8px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer;text-decoration:none;display:inline-flex;align-items:center;justify-content:center}
button.secondary,.button.secondary{background:#fff;color:#0b57d0}
button.warn{background:#b3261e;border-color:#b3261e}
header.top button{background:transparent;border-color:#fff;color:#fff;min-height:40px;padding:.3rem .8rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.6rem}
.actions form{margin:0}
label{display:block;font-weight:600;margin:.8rem 0 .3rem}
textarea,input[type=email],input[type=password],input[type=text],select{font:inherit;width:100%;min-height:44px;padding:.5rem .6rem;border:1px solid #8a94a3;border-radius:8px;background:#fff}
details.filters-box{margin:.4rem 0 .8rem}
details.filters-box summary{cursor:pointer;padding:.7rem 0;color:#0b57d0;font-weight:600}
.filters{display:grid;grid-template-columns:1fr 1fr;gap:.5rem;align-items:end}
.filters label{margin:0 0 .2rem}
.filters button{grid-column:1/-1}
.badge{display:inline-block;font-weight:700;font-size:.85rem;padding:.1rem .5rem;border-radius:999px;background:#e3e7ec;color:#1b1f24;vertical-align:middle}
.badge.E0,.badge.E1{background:#b3261e;color:#fff}
.badge.U1{background:#e8710a;color:#fff}
.badge.U2,.badge.U3{background:#f6c343}
.badge.R{background:#d7e8d0}
.status{font-size:.85rem;padding:.1rem .45rem;border-radius:6px;background:#eef1f5;border:1px solid #d5d9df}
a.row{display:block;color:inherit;text-decoration:none;min-height:44px}
.row .ref{font-weight:700;font-size:1.05rem;color:#0b57d0}
.meta{color:#4b5563;font-size:.9rem}
.escalate{color:#b3261e;font-weight:600}
.flash{background:#e6f4ea;border:1px solid #8cc79c;border-radius:8px;padding:.7rem 1rem;margin:.6rem 0}
.flash.bad,.error{background:#fce8e6;border:1px solid #e6a19b;border-radius:8px;padding:.7rem 1rem;margin:.6rem 0}
dl{margin:0;display:grid;grid-template-columns:fit-content(42%) 1fr;gap:.35rem .9rem}
dt{color:#4b5563;hyphens:auto}
.card>h2:first-child{margin-top:0}
h3{font-size:1rem;margin:1rem 0 .4rem}
ol.incidents{padding-left:1.4rem;margin:0}
ol.incidents li{margin:.5rem 0;padding-bottom:.5rem;border-bottom:1px solid #e3e7ec}
dd{margin:0;overflow-wrap:anywhere}
.words{white-space:pre-wrap;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;border-bottom:1px solid #e3e7ec;padding:.35rem .3rem;vertical-align:top;overflow-wrap:anywhere}
.table-wrap{overflow-x:auto}
ol.transcript{list-style:none;padding:0;margin:0}
ol.transcript li{margin:.45rem 0;padding:.55rem .8rem;border-radius:10px;max-width:90%}
ol.transcript li.in{background:#fff;border:1px solid #c9ced6;margin-right:auto}
ol.transcript li.out{background:#e8f0fe;border:1px solid #b8cdf5;margin-left:auto}
.text-state.failed{color:#b3261e;font-weight:600}
#compose button{margin-top:.4rem;width:100%}
textarea{min-height:6rem;resize:vertical;line-height:1.4}
ol.transcript li.out.attorney{background:#fdf3d7;border-color:#e8c66a}
ol.transcript .who{font-size:.8rem;color:#4b5563;display:block;margin-bottom:.15rem}
.pager{display:flex;gap:.5rem;flex-wrap:wrap;margin:1rem 0}
ul.checklist,ul.files{list-style:none;padding:0;margin:0}
ul.checklist>li{padding:.6rem 0;border-bottom:1px solid #e3e7ec}
.state{font-weight:700;font-size:.85rem;padding:.1rem .45rem;border-radius:6px}
.state.received{background:#d7e8d0}
.state.missing{background:#fce8e6;color:#8c1d18}
ul.files>li{margin:.5rem 0;padding:.5rem .6rem;background:#f8f9fb;border:1px solid #e3e7ec;border-radius:8px}
.file-name{font-weight:600;overflow-wrap:anywhere}
.thumb img{display:block;max-width:100%;max-height:12rem;border-radius:6px;border:1px solid #d5d9df;background:#fff}
.kept{color:#8c4a00}
.login{max-width:24rem;margin:2rem auto}
.login button{width:100%;margin-top:1.2rem}
`;
