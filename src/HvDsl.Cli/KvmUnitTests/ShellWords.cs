using System.Collections.Generic;
using System.Text;

namespace HvDsl.Cli.KvmUnitTests;

/// <summary>Splits a <c>qemu_params</c> value into words as the suite's runner does when its shell evaluates the command line.</summary>
internal static class ShellWords
{
    /// <summary>The words of <paramref name="text"/>: blanks separate, single quotes keep everything, double quotes and backslashes escape; null when a quote is left open.</summary>
    public static IReadOnlyList<string>? Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\n':
                    if (inWord) words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                    continue;
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0) return null;
                    word.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        // Inside double quotes a backslash escapes only what the shell would otherwise read specially.
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`') i++;
                        word.Append(text[i]);
                    }
                    if (i >= text.Length) return null;
                    break;
                case '\\' when i + 1 < text.Length:
                    word.Append(text[++i]);
                    break;
                default:
                    word.Append(c);
                    break;
            }
            inWord = true;
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
