using HvDsl.Language.Emitting;

namespace HvDsl.Language.Tests;

/// <summary>Spec text turned into C# comment, XML doc, string and identifier text cannot leave its place.</summary>
public class CSharpTextTests
{
    [Theory]
    [InlineData("a\rb", "a\\u000Db")]
    [InlineData("a\u0085b", "a\\u0085b")]
    [InlineData("a\u2028b", "a\\u2028b")]
    [InlineData("a\u2029b", "a\\u2029b")]
    [InlineData("a\u202Eb\u2066c", "a\\u202Eb\\u2066c")]
    [InlineData("a\U000E0001b", "a\\U000E0001b")]
    public void Comment_writes_line_terminators_bidi_controls_and_lone_surrogates_as_visible_escapes(string text, string expected) =>
        Assert.Equal(expected, CSharpText.Comment(text));

    [Fact]
    public void Comment_writes_a_lone_surrogate_as_a_visible_escape() =>
        Assert.Equal("a\\uD800b\\uDC00", CSharpText.Comment("a\uD800b\uDC00"));

    [Fact]
    public void Comment_keeps_tabs_letters_and_paired_surrogates_as_written() =>
        Assert.Equal("a\tЖ\uD83D\uDE00 */", CSharpText.Comment("a\tЖ\uD83D\uDE00 */"));

    [Fact]
    public void Xml_text_escapes_markup_before_hiding_controls() =>
        Assert.Equal("&lt;/summary&gt; &amp; ]]&gt;\\u2028", CSharpText.XmlText("</summary> & ]]>\u2028"));

    [Fact]
    public void String_escapes_everything_outside_printable_ascii() =>
        Assert.Equal("\"a\\\\\\\"\\u000A\\u2028\\uD800\\u00E9\"", CSharpText.String("a\\\"\n\u2028\uD800é"));

    [Theory]
    [InlineData("class", "@class")]
    [InlineData("var", "@var")]
    [InlineData("__arglist", "@__arglist")]
    [InlineData("Class", "Class")]
    [InlineData("Ж_1", "Ж_1")]
    public void Identifier_prefixes_keywords_with_the_verbatim_at(string name, string expected) =>
        Assert.Equal(expected, CSharpText.Identifier(name));

    [Theory]
    [InlineData("a\u2028b")]
    [InlineData("\\u0041")]
    [InlineData("1a")]
    [InlineData("")]
    public void Identifier_refuses_what_the_grammar_never_reads_as_a_name(string name) =>
        Assert.Throws<System.ArgumentException>(() => CSharpText.Identifier(name));
}
