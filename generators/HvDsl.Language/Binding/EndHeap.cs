using System.Collections.Generic;

namespace HvDsl.Language.Binding;

/// <summary>A binary min-heap of (end, instance) pairs in one list: the overlap sweep's active instances by where they end, with no node per entry.</summary>
internal sealed class EndHeap
{
    private readonly List<(ulong End, int Instance)> items = [];

    /// <summary>How many pairs the heap holds.</summary>
    public int Count => items.Count;

    /// <summary>The least pair, by end then instance.</summary>
    public (ulong End, int Instance) Min => items[0];

    /// <summary>Adds <paramref name="item"/>.</summary>
    public void Add((ulong End, int Instance) item)
    {
        items.Add(item);
        var at = items.Count - 1;
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (items[parent].CompareTo(item) <= 0) break;
            items[at] = items[parent];
            at = parent;
        }
        items[at] = item;
    }

    /// <summary>Removes and returns the least pair.</summary>
    public (ulong End, int Instance) RemoveMin()
    {
        var min = items[0];
        var last = items[items.Count - 1];
        items.RemoveAt(items.Count - 1);
        if (items.Count == 0) return min;
        var at = 0;
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= items.Count) break;
            if (child + 1 < items.Count && items[child + 1].CompareTo(items[child]) < 0) child++;
            if (last.CompareTo(items[child]) <= 0) break;
            items[at] = items[child];
            at = child;
        }
        items[at] = last;
        return min;
    }
}
