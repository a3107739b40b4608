using System.Collections.Generic;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Binding;

/// <summary>
/// The register instances covering the overlap sweep's current offset, grouped by what they may share bytes with,
/// so a new instance finds one it conflicts with in constant time however many coexist (2,000 banks at one offset).
/// </summary>
/// <remarks>
/// Two registers may share bytes when one only reads and the other only writes, when both are banked on the same
/// field with different values, when both are chosen by the written value at one offset, or when one is and the other
/// is the plain register of that offset; every other pair conflicts.
/// </remarks>
internal sealed class ActiveRegisters
{
    private const int Reads = 0, Writes = 1, Both = 2;

    // A reader conflicts with readers and read-write registers, a writer with writers and read-write ones, the rest with all.
    private static readonly int[][] Rivals = [[Reads, Both], [Writes, Both], [Reads, Writes, Both]];

    private readonly Kind[] kinds = [new(), new(), new()];

    /// <summary>Where one added instance is kept, for <see cref="Remove"/>.</summary>
    public sealed class Entry
    {
        internal Entry(int kind, Bank bank, ulong value, LinkedListNode<int> member, LinkedListNode<int>? valued) =>
            (Kind, Bank, Value, Member, Valued) = (kind, bank, value, member, valued);

        internal int Kind { get; }

        internal Bank Bank { get; }

        internal ulong Value { get; }

        internal LinkedListNode<int> Member { get; }

        internal LinkedListNode<int>? Valued { get; }
    }

    /// <summary>A register this one may not share bytes with among the active ones, or null when it coexists with them all.</summary>
    public int? Conflict(BoundRegister register, int index)
    {
        var (bank, value) = BankOf(register, index);
        foreach (var rival in Rivals[KindOf(register)])
        {
            var kind = kinds[rival];
            // Any active register banked on another field, or not banked, conflicts; so does one on this field with this value.
            for (var node = kind.Live.First; node is not null; node = node.Next)
            {
                if (bank.IsNone || node.Value.Key != bank) return node.Value.Members.First!.Value;
            }
            if (!bank.IsNone && kind.Banks.TryGetValue(bank, out var same) && same.Values.TryGetValue(value, out var members))
                return members.First!.Value;
        }
        return null;
    }

    /// <summary>Makes <paramref name="register"/> (index <paramref name="index"/>) active.</summary>
    public Entry Add(BoundRegister register, int index)
    {
        var (key, value) = BankOf(register, index);
        var kindIndex = KindOf(register);
        var kind = kinds[kindIndex];
        if (!kind.Banks.TryGetValue(key, out var bank)) kind.Banks.Add(key, bank = new Bank(key));
        if (bank.Members.Count == 0) bank.LiveNode = kind.Live.AddLast(bank);
        var member = bank.Members.AddLast(index);
        LinkedListNode<int>? valued = null;
        if (!key.IsNone)
        {
            if (!bank.Values.TryGetValue(value, out var members)) bank.Values.Add(value, members = new LinkedList<int>());
            valued = members.AddLast(index);
        }
        return new Entry(kindIndex, bank, value, member, valued);
    }

    /// <summary>Makes an instance inactive once the sweep has passed its last byte.</summary>
    public void Remove(Entry entry)
    {
        var bank = entry.Bank;
        bank.Members.Remove(entry.Member);
        if (entry.Valued is { } valued)
        {
            var members = valued.List!;
            members.Remove(valued);
            if (members.Count == 0) bank.Values.Remove(entry.Value);
        }
        if (bank.Members.Count == 0) kinds[entry.Kind].Live.Remove(bank.LiveNode!);
    }

    private static int KindOf(BoundRegister register) => register.Access switch
    {
        AccessKind.ReadOnly or AccessKind.ReadToClear => Reads,
        AccessKind.WriteOnly => Writes,
        _ => Both,
    };

    // A banked register's key is its "Register.Field" selector; a plain one is banked by its width at its offset (rule (c):
    // the access width picks it), and an array or a laned register shares the empty key, which conflicts with every other.
    // Command registers chosen by the written value share their offset's key with a value each above every width, so
    // they coexist with each other and with one plain register per width there, which takes the writes none matches.
    private static (BankKey Bank, ulong Value) BankOf(BoundRegister register, int index) =>
        register.Condition is { OnWrittenValue: true } ? (BankKey.At(register.Offset), FirstCommandValue + (ulong)index)
        : register.Condition is { } when ? (new BankKey(when.Register, when.Field, 0), when.Value)
        : register.IsArray || register.IsLaned ? (default, 0)
        : (BankKey.At(register.Offset), (ulong)register.Width);

    // Above the widest register (8 bytes), so a command register's value never equals a plain register's width.
    private const ulong FirstCommandValue = 16;


    /// <summary>
    /// What a bank is keyed by, without a string per register: a selecting register and field, or an offset
    /// (<see cref="Field"/> null), or nothing (the default, shared by arrays and laned registers).
    /// </summary>
    internal readonly record struct BankKey(string? Register, string? Field, ulong Offset)
    {
        /// <summary>The key of the registers at <paramref name="offset"/>.</summary>
        public static BankKey At(ulong offset) => new(null, null, offset) { ByOffset = true };

        /// <summary>True when keyed by an offset.</summary>
        public bool ByOffset { get; init; }

        /// <summary>True for the empty key, which conflicts with every other.</summary>
        public bool IsNone => Register is null && !ByOffset;
    }

    private sealed class Kind
    {
        public Dictionary<BankKey, Bank> Banks { get; } = new();

        public LinkedList<Bank> Live { get; } = new();
    }

    /// <summary>The active instances of one kind banked on one field (or not banked), by selecting value.</summary>
    internal sealed class Bank(BankKey key)
    {
        public BankKey Key { get; } = key;

        public LinkedList<int> Members { get; } = new();

        public Dictionary<ulong, LinkedList<int>> Values { get; } = new();

        public LinkedListNode<Bank>? LiveNode { get; set; }
    }
}
