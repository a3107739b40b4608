using System;
using System.Threading;

namespace HvDsl.Language.Text;

/// <summary>One array of <typeparamref name="T"/> kept between parses, on whatever thread they run, for one of a parse's large scratch tables.</summary>
/// <remarks>
/// A table past 85,000 bytes goes to the large object heap, whose allocations start gen2 collections: rented from here the
/// token array, word table and line tables are allocated once, not on every parse. A parse that runs while another holds
/// the array allocates its own.
/// </remarks>
internal sealed class Scratch<T>
{
    // Longer arrays are not kept, so one huge file does not hold its tables for the life of the process.
    private const int MaxKeptLength = 1 << 20;

    private T[]? kept;

    /// <summary>An array of at least <paramref name="length"/> entries; entries past those a <see cref="Return"/> cleared may hold old values.</summary>
    public T[] Rent(int length)
    {
        var array = Interlocked.Exchange(ref kept, null);
        return array is not null && array.Length >= length ? array : new T[Math.Max(length, 1)];
    }

    /// <summary>Gives <paramref name="array"/> back once nothing reads it, its first <paramref name="clear"/> entries reset so it holds no references.</summary>
    public void Return(T[] array, int clear)
    {
        if (array.Length > MaxKeptLength) return;
        Array.Clear(array, 0, Math.Min(clear, array.Length));
        Interlocked.Exchange(ref kept, array);
    }
}
