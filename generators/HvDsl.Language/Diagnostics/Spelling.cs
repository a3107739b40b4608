using System;
using System.Collections.Generic;
using System.Linq;

namespace HvDsl.Language.Diagnostics;

/// <summary>"Did you mean": the nearest known word by edit distance, when it is near enough to be a slip of the keyboard.</summary>
public static class Spelling
{
    // Words longer than this are not compared: no typo of a name is that long, and the cost grows with the square of the length.
    private const int MaxLength = 64;

    /// <summary>The candidate nearest <paramref name="word"/>, or null when none is within a third of its length (at least one edit).</summary>
    /// <remarks>A difference of case alone costs nothing, so <c>Uart</c> finds <c>UART</c>; ties go to the first in ordinal order.</remarks>
    public static string? Nearest(string word, IEnumerable<string> candidates)
    {
        if (word.Length == 0 || word.Length > MaxLength) return null;
        var limit = Math.Max(1, word.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Where(c => c.Length <= MaxLength && c != word).OrderBy(c => c, StringComparer.Ordinal))
        {
            var distance = Distance(word, candidate);
            if (distance <= limit && distance < word.Length && distance < bestDistance) (best, bestDistance) = (candidate, distance);
        }
        return best;
    }

    /// <summary>" Did you mean 'x'?" for the nearest candidate, or an empty string, to end a message's first sentence with.</summary>
    public static string DidYouMean(string word, IEnumerable<string> candidates) =>
        Nearest(word, candidates) is { } nearest ? $" Did you mean '{nearest}'?" : string.Empty;

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + substitution);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
