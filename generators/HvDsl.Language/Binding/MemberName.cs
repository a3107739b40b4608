namespace HvDsl.Language.Binding;

/// <summary>
/// A generated member's name kept as its parts, <c>{Prefix}{First}</c> or <c>{Prefix}{First}_{Second}</c>: equal to another
/// when the names they spell are equal, so a table of claims needs no string per member; <see cref="ToString"/> spells it.
/// </summary>
internal readonly struct MemberName : System.IEquatable<MemberName>
{
    private readonly string prefix;
    private readonly string first;
    private readonly string? second;
    private readonly int hash;

    /// <summary>The name <paramref name="prefix"/><paramref name="first"/>, or with <c>_</c><paramref name="second"/> after it.</summary>
    public MemberName(string prefix, string first, string? second = null)
    {
        this.prefix = prefix;
        this.first = first;
        this.second = second;
        // FNV-1a over the spelled characters, so equal spellings from different parts hash alike.
        var h = 2166136261;
        foreach (var c in prefix) h = (h ^ c) * 16777619;
        foreach (var c in first) h = (h ^ c) * 16777619;
        if (second is not null)
        {
            h = (h ^ '_') * 16777619;
            foreach (var c in second) h = (h ^ c) * 16777619;
        }
        hash = unchecked((int)h);
    }

    /// <summary>The name when it is one part (no prefix, no second part), else null.</summary>
    public string? Plain => prefix.Length == 0 && second is null ? first : null;

    private int Length => prefix.Length + first.Length + (second is null ? 0 : second.Length + 1);

    /// <inheritdoc />
    public bool Equals(MemberName other)
    {
        if (hash != other.hash) return false;
        var length = Length;
        if (length != other.Length) return false;
        for (var i = 0; i < length; i++)
        {
            if (At(i) != other.At(i)) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MemberName other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => hash;

    /// <summary>The name as C# spells it.</summary>
    public override string ToString() => second is null ? prefix + first : prefix + first + "_" + second;

    private char At(int index)
    {
        if (index < prefix.Length) return prefix[index];
        index -= prefix.Length;
        if (index < first.Length) return first[index];
        index -= first.Length;
        return index == 0 ? '_' : second![index - 1];
    }
}
