namespace HvDsl.Language.Parsing;

/// <summary>One string per distinct word of a file, looked up from the text without cutting a string first.</summary>
/// <remarks>A spec repeats its keywords and type names on every line; sharing them keeps the parse from allocating one per use.</remarks>
internal sealed class WordTable
{
    private string?[] slots;
    private int count;

    /// <summary>A table that holds <paramref name="expected"/> words before it grows.</summary>
    public WordTable(int expected)
    {
        var size = 256;
        while (size < expected * 2) size *= 2;
        slots = new string?[size];
    }

    /// <summary>The word at <paramref name="start"/>, <paramref name="length"/> characters long, as the one string kept for it.</summary>
    public string Intern(string text, int start, int length)
    {
        var hash = Hash(text, start, length);
        var mask = slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var word = slots[slot];
            if (word is null)
            {
                word = text.Substring(start, length);
                slots[slot] = word;
                if (++count * 2 > slots.Length) Grow();
                return word;
            }
            if (word.Length == length && string.CompareOrdinal(word, 0, text, start, length) == 0) return word;
        }
    }

    private void Grow()
    {
        var old = slots;
        slots = new string?[old.Length * 2];
        var mask = slots.Length - 1;
        foreach (var word in old)
        {
            if (word is null) continue;
            var slot = Hash(word, 0, word.Length) & mask;
            while (slots[slot] is not null) slot = (slot + 1) & mask;
            slots[slot] = word;
        }
    }

    // FNV-1a over the characters.
    private static int Hash(string text, int start, int length)
    {
        var hash = 2166136261u;
        for (var i = start; i < start + length; i++) hash = (hash ^ text[i]) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }
}
