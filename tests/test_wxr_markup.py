"""WordPress markup in a post body: shortcodes and wpautop-style paragraphs,
turned into what the portal's editor makes (wordpress/shortcodes.py, autop.py)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from wordpress.autop import autop, needs_paragraphs
from wordpress.shortcodes import expand, parse_attributes, video_embed_url


def test_a_caption_becomes_the_picture_with_its_caption_below():
    html = expand(
        '[caption id="attachment_5" align="alignnone" width="300"]'
        '<img src="/a.jpg" alt="Qala" width="300"> Qız qalası gecə[/caption]'
    )
    assert html == '<p><img src="/a.jpg" alt="Qala" width="300"><br><em>Qız qalası gecə</em></p>'


def test_a_caption_given_as_an_attribute_and_one_without_a_picture():
    assert expand('[caption caption="Bakı"]<img src="/b.jpg">[/caption]') == (
        '<p><img src="/b.jpg"><br><em>Bakı</em></p>'
    )
    assert expand("[caption]yalnız mətn[/caption]") == "yalnız mətn"


def test_nested_shortcodes_keep_their_text_and_lose_their_tags():
    html = expand(
        "[vc_row][vc_column width=\"1/2\"][su_box title='Qeyd']Əsas [b]fikir[/b]"
        "[/su_box][embed]https://youtu.be/dQw4w9WgXcQ[/embed][/vc_column][/vc_row]"
    )
    assert html == (
        "Əsas fikir"
        '<p><iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" width="640" '
        'height="360" title="Video" allowfullscreen></iframe></p>'
    )


def test_the_same_shortcode_nested_in_itself_closes_at_its_own_end():
    assert expand("[su_box]a[su_box]b[/su_box]c[/su_box]d") == "abcd"


def test_unknown_self_closing_shortcodes_vanish_and_bracketed_prose_stays():
    assert expand('Yaz: [contact-form-7 id="5" title="Əlaqə"] son.') == "Yaz:  son."
    assert expand("[adsense_top]") == ""
    text = "O dedi [sic], bax [1] və [Redaktorun qeydi] qaldı."
    assert expand(text) == text


def test_escaped_shortcodes_are_printed_as_text():
    assert expand("Yazın: [[gallery]] belə.") == "Yazın: [gallery] belə."


def test_embeds_and_videos_of_known_hosts_become_iframes_others_links():
    assert "player.vimeo.com/video/76979871" in expand("[embed]https://vimeo.com/76979871[/embed]")
    assert expand("[embed]https://twitter.com/x/status/1[/embed]") == (
        '<p><a href="https://twitter.com/x/status/1">https://twitter.com/x/status/1</a></p>'
    )
    assert expand('[video width="640" mp4="https://x.az/v.mp4"][/video]') == (
        '<p><a href="https://x.az/v.mp4">Video</a></p>'
    )
    assert expand('[audio src="javascript:alert(1)"]') == ""
    assert expand('[playlist ids="1,2"]') == ""


def test_a_gallery_lists_its_pictures_from_the_export():
    pictures = {"3": ("/u/a.jpg", "Birinci"), "4": ("/u/b.jpg", "İkinci")}

    def gallery(attributes):
        return [pictures[number] for number in attributes["ids"].split(",")]

    assert expand('[gallery ids="3,4"]', gallery) == (
        '<p><img src="/u/a.jpg" alt="Birinci"></p><p><img src="/u/b.jpg" alt="İkinci"></p>'
    )
    assert expand("[gallery]") == ""  # no attachments known: removed


def test_attributes_are_read_as_wordpress_reads_them():
    assert parse_attributes(' id="a b" align=\'left\' width=300 "pos" bare') == {
        "id": "a b",
        "align": "left",
        "width": "300",
        0: "pos",
        1: "bare",
    }


def test_only_real_video_pages_are_embedded():
    assert video_embed_url("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1") == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert video_embed_url("https://www.youtube.com/shorts/dQw4w9WgXcQ").endswith("dQw4w9WgXcQ")
    assert video_embed_url("https://www.youtube.com/watch?v=<script>") is None
    assert video_embed_url("https://evil.example/watch?v=dQw4w9WgXcQ") is None


def test_blank_lines_make_paragraphs_and_single_breaks_make_br():
    assert autop("Birinci sətir\nikinci sətir.\n\nYeni abzas.") == (
        "<p>Birinci sətir<br>\nikinci sətir.</p>\n<p>Yeni abzas.</p>"
    )


def test_block_elements_are_not_wrapped_and_pre_keeps_its_lines():
    html = autop("Giriş.\n<ul>\n<li>bir</li>\n<li>iki</li>\n</ul>\n<pre>a\n\nb</pre>\nSon.")
    assert "<p>Giriş.</p>" in html
    assert "<p><ul>" not in html and "<br>\n<li>" not in html
    assert "<pre>a\n\nb</pre>" in html
    assert "<p>Son.</p>" in html


def test_a_tag_broken_over_lines_is_not_cut_by_a_br():
    assert autop('<img\nsrc="/a.jpg"\nalt="x"> mətn') == '<p><img src="/a.jpg" alt="x"> mətn</p>'


def test_block_editor_content_keeps_its_own_paragraphs():
    assert not needs_paragraphs("<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->")
    assert needs_paragraphs("a\n\nb")
    assert autop("   \n ") == ""


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="[]/ =\"'abc_-xyzçə<>\n", max_size=120))
def test_any_bracket_soup_expands_without_failing(text):
    assert isinstance(expand(text), str)
    assert isinstance(autop(text), str)


def test_deep_nesting_and_many_self_closing_tags_stay_cheap():
    deep = "[su_box]" * 500 + "mətn" + "[/su_box]" * 500
    assert expand(deep) == "mətn"
    many = "[ad_slot] söz " * 5000
    assert expand(many).count("söz") == 5000
