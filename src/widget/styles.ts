/**
 * The widget's styles, inside its shadow root: nothing leaks into the firm's page and the page's
 * styles do not reach in. --accent is the firm's colour (data-accent); --on-accent the text on it.
 */
export const CSS = `
:host{all:initial}
*,*::before,*::after{box-sizing:border-box}
.root{--ink:#1b2330;--muted:#5b6678;--line:#e3e7ee;--bot:#f1f4f8;--bg:#fff;--err:#a4161a;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);
-webkit-font-smoothing:antialiased;-webkit-text-size-adjust:100%;text-size-adjust:100%}
[hidden]{display:none!important}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
button,select,textarea{font:inherit;color:inherit}
button{cursor:pointer}
:focus{outline:none}
:focus-visible{outline:3px solid var(--ring);outline-offset:2px}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:flex;align-items:center;gap:10px;
min-height:56px;padding:0 22px 0 18px;border:0;border-radius:28px;background:var(--accent);color:var(--on-accent);
font-weight:600;font-size:16px;box-shadow:0 6px 20px rgba(16,24,40,.22),0 2px 6px rgba(16,24,40,.12);transition:transform .15s}
.launcher:hover{transform:translateY(-1px)}
.launcher svg{width:24px;height:24px;flex:none}
.open .launcher{display:none}
.panel{position:fixed;right:20px;bottom:20px;z-index:2147483001;width:400px;height:min(680px,calc(100vh - 40px));
display:flex;flex-direction:column;background:var(--bg);border-radius:16px;overflow:hidden;
box-shadow:0 18px 50px rgba(16,24,40,.28),0 2px 8px rgba(16,24,40,.12);border:1px solid rgba(16,24,40,.08)}
.head{background:var(--accent);color:var(--on-accent);padding:14px 12px 12px 16px;flex:none}
.head :focus-visible{outline-color:var(--on-accent)}
.top{display:flex;align-items:center;gap:10px}
.avatar{width:36px;height:36px;border-radius:50%;background:rgba(255,255,255,.18);display:grid;place-items:center;flex:none}
.avatar svg{width:20px;height:20px}
.titles{flex:1;min-width:0}
h2{margin:0;font-size:17px;font-weight:650;line-height:1.25}
.sub{margin:1px 0 0;font-size:13px;line-height:1.3}
.lang{position:relative;flex:none}
.lang select{appearance:none;-webkit-appearance:none;background:var(--accent);color:var(--on-accent);border:1.5px solid var(--on-accent);
border-radius:8px;padding:6px 24px 6px 8px;font-size:14px;min-height:36px;max-width:112px;cursor:pointer}
.lang select option{color:#1b2330;background:#fff}
.lang::after{content:"";position:absolute;right:10px;top:50%;width:6px;height:6px;margin-top:-5px;border:solid currentColor;
border-width:0 2px 2px 0;transform:rotate(45deg);pointer-events:none}
.close{width:40px;height:40px;flex:none;border:0;border-radius:10px;background:transparent;color:var(--on-accent);display:grid;place-items:center}
.close:hover{background:rgba(255,255,255,.16)}
.close svg{width:20px;height:20px}
.progress{margin-top:12px}
.ptext{font-size:13px;font-weight:600}
.bar{height:6px;margin-top:6px;border-radius:3px;background:rgba(255,255,255,.28);overflow:hidden}
.bar span{display:block;height:100%;border-radius:3px;background:var(--on-accent);transition:width .4s ease}
.status{flex:none;padding:8px 16px;font-size:14px;background:#fff4e5;color:#6a3c00;border-bottom:1px solid #f3d7ab}
.scroll{flex:1;overflow-y:auto;overscroll-behavior:contain;-webkit-overflow-scrolling:touch;padding:16px 14px 8px;background:var(--bg)}
.log{display:flex;flex-direction:column}
.msg{display:flex;flex-direction:column;max-width:86%;margin-top:10px}
.msg.bot+.msg.bot{margin-top:6px}
.msg.user+.msg.user{margin-top:6px}
.msg.bot{align-self:flex-start;align-items:flex-start}
.msg.user{align-self:flex-end;align-items:flex-end}
.bubble{padding:10px 14px;border-radius:18px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.bot .bubble{background:var(--bot);border-bottom-left-radius:6px}
.user .bubble{background:var(--accent);color:var(--on-accent);border-bottom-right-radius:6px}
.pending .bubble{opacity:.72}
.meta{font-size:12px;color:var(--muted);margin-top:3px}
.failed .bubble{background:#fff;color:var(--ink);border:1px solid var(--err)}
.retry{border:0;background:none;padding:4px 0;color:var(--err);font-size:13px;text-decoration:underline}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}
.actions button{min-height:44px;padding:10px 16px;border-radius:20px;border:1.5px solid var(--accent-ink);background:#fff;
color:var(--accent-ink);font-size:15px;font-weight:550;line-height:1.2;text-align:left}
.actions button:hover:not([aria-disabled="true"]){background:var(--accent-soft)}
.actions button[aria-disabled="true"]{cursor:default;min-height:32px;padding:5px 12px;font-size:14px;border-color:var(--line);color:var(--muted);background:#fff}
.actions button.chosen[aria-disabled="true"]{border:2px solid var(--accent-ink);color:var(--accent-ink);background:#fff;font-weight:650}
.typing{display:flex;align-items:center;gap:8px;margin-top:10px;color:var(--muted);font-size:13px}
.dots{display:inline-flex;gap:4px;padding:12px 14px;background:var(--bot);border-radius:18px;border-bottom-left-radius:6px}
.dots i{width:7px;height:7px;border-radius:50%;background:#8a93a3;animation:blink 1.2s infinite ease-in-out}
.dots i:nth-child(2){animation-delay:.15s}.dots i:nth-child(3){animation-delay:.3s}
@keyframes blink{0%,60%,100%{opacity:.3;transform:translateY(0)}30%{opacity:1;transform:translateY(-2px)}}
.notice{margin:0 0 6px;padding:8px 12px;border-radius:10px;background:var(--accent-soft);font-size:14px}
.tools{flex:none;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:0 12px;padding:2px 12px 0;border-top:1px solid var(--line);
font-size:13px;color:var(--muted);background:var(--bg)}
.keep{display:flex;align-items:center;gap:7px;min-height:40px;cursor:pointer}
.keep input{width:18px;height:18px;margin:0;flex:none;accent-color:var(--accent)}
.end{border:0;background:none;min-height:40px;padding:6px 2px;color:var(--err);font-size:13px;text-decoration:underline}
.hint{flex-basis:100%;margin:0 0 6px;font-size:12px}
.confirm{flex:none;padding:12px 14px 6px;border-top:1px solid var(--line);background:#fff8f8}
.confirm p{margin:0}
.ctitle{font-weight:650}
.ctext{margin-top:2px!important;font-size:14px;color:var(--muted)}
.cbtns{display:flex;flex-wrap:wrap;gap:8px;margin-top:10px}
.cbtns button{min-height:44px;padding:10px 16px;border-radius:22px;font-size:15px;font-weight:600}
.danger{border:0;background:var(--err);color:#fff}
.secondary{border:1.5px solid var(--accent-ink);background:#fff;color:var(--accent-ink)}
form{flex:none;display:flex;align-items:flex-end;gap:8px;padding:6px 12px 4px;background:var(--bg)}
textarea{flex:1;min-height:44px;max-height:140px;resize:none;padding:11px 14px;border:1.5px solid #c9d0db;border-radius:22px;
font-size:16px;line-height:1.3;background:#fff;color:var(--ink)}
textarea::placeholder{color:#6b7587}
textarea:focus-visible{outline:none;border-color:var(--accent-ink);box-shadow:0 0 0 3px var(--accent-soft)}
.send{width:44px;height:44px;flex:none;border:0;border-radius:50%;background:var(--accent);color:var(--on-accent);display:grid;place-items:center}
.send:disabled{opacity:.45;cursor:default}
.send svg{width:20px;height:20px}
.attach{width:44px;height:44px;flex:none;border:0;border-radius:50%;background:transparent;color:var(--accent-ink);display:grid;place-items:center}
.attach svg{width:22px;height:22px}.attach:focus-visible{outline:2px solid var(--ring);outline-offset:2px}
.msg.file .bubble::before{content:"\\1F4CE\\00A0"}
.foot{flex:none;margin:0;padding:2px 16px 10px;font-size:12px;color:var(--muted);text-align:center;background:var(--bg)}
@media (max-width:480px){
.panel{inset:0;right:0;bottom:0;width:100%;height:100%;max-height:none;border-radius:0;border:0}
.launcher{right:16px;bottom:16px}
.foot{padding-bottom:max(10px,env(safe-area-inset-bottom))}
}
@media (prefers-reduced-motion:reduce){.dots i{animation:none}.bar span,.launcher{transition:none}}
`;
