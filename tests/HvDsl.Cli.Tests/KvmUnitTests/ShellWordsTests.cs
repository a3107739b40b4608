using HvDsl.Cli.KvmUnitTests;

namespace HvDsl.Cli.Tests.KvmUnitTests;

/// <summary>qemu_params splits into words as the suite's shell would split them.</summary>
public sealed class ShellWordsTests
{
    [Fact]
    public void Quotes_keep_blanks_inside_one_word()
    {
        Assert.Equal(["-append", "a b", "-cpu", "max,+x2apic"], ShellWords.Split("-append \"a b\"  -cpu max,+x2apic"));
    }

    [Fact]
    public void Single_quotes_keep_backslashes_and_double_quotes_unescape_them()
    {
        Assert.Equal([@"a\b", "c\"d", "e f"], ShellWords.Split(@"'a\b' ""c\""d"" e\ f"));
    }

    [Fact]
    public void An_open_quote_gives_no_words()
    {
        Assert.Null(ShellWords.Split("-append 'x"));
    }
}
