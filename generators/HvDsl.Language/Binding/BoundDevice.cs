using System.Linq;
using HvDsl.Language.Syntax;
using HvDsl.Language.Text;

namespace HvDsl.Language.Binding;

/// <summary>What a read returns when no register answers or the width is not allowed; writes are then ignored.</summary>
public enum ReadPolicy
{
    /// <summary>All bits set (<c>policy ... ones</c>), like an undriven ISA bus; the default.</summary>
    AllOnes,

    /// <summary>Zero (<c>policy ... zero</c>).</summary>
    Zero,
}

/// <summary>Byte order of multi-byte registers in the window.</summary>
public enum Endianness
{
    /// <summary>Least significant byte at the lowest offset; the default.</summary>
    Little,

    /// <summary>Most significant byte at the lowest offset.</summary>
    Big,
}

/// <summary>A device type: a register window of <see cref="Size"/> bytes.</summary>
/// <param name="Name">The type name.</param>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Span">The declaration in its spec.</param>
/// <param name="Size">Window size in bytes.</param>
/// <param name="AccessWidths">Legal access widths in bytes, ascending.</param>
/// <param name="UnmappedRead">What a read of an offset no register covers returns.</param>
/// <param name="WrongWidthRead">What a read of an illegal width returns.</param>
/// <param name="Endian">Byte order of multi-byte registers.</param>
/// <param name="Irq">Name of the (first) interrupt output line, or null when the device has none.</param>
/// <param name="Registers">Registers in source order.</param>
public sealed record BoundDevice(
    string Name, string? Doc, SourceSpan Span, ulong Size, EquatableArray<int> AccessWidths, ReadPolicy UnmappedRead,
    ReadPolicy WrongWidthRead, Endianness Endian, string? Irq, EquatableArray<BoundRegister> Registers)
{
    /// <summary>The device's shared <c>enum</c> declarations, in source order.</summary>
    public EquatableArray<BoundEnum> Enums { get; init; }

    /// <summary>Every interrupt output line's name, in declaration order; <see cref="Irq"/> is the first.</summary>
    public EquatableArray<string> Irqs { get; init; }

    /// <summary>True when an access no register answers whole is served as two of half the width (<c>access ... split</c>), down to the narrowest access width.</summary>
    public bool Split { get; init; }
}

/// <summary>A register or a register array.</summary>
/// <param name="Name">The register name; array elements are <c>Name[i]</c>.</param>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Span">The declaration in its spec.</param>
/// <param name="Offset">Byte offset of the (first) register.</param>
/// <param name="Width">Width in bytes: 1, 2, 4 or 8.</param>
/// <param name="Count">Number of elements; 1 for a plain register.</param>
/// <param name="Stride">Bytes between elements (equals the width for a plain register).</param>
/// <param name="Access">Access kind of bits not covered by a field with its own kind.</param>
/// <param name="Reset">Reset value, with field resets merged in.</param>
/// <param name="Condition">The bank condition, or null when always visible.</param>
/// <param name="ReadHook">Partial method called after a read, or null.</param>
/// <param name="WriteHook">Partial method called after a write, or null.</param>
/// <param name="Fields">Bit fields, in source order.</param>
public sealed record BoundRegister(
    string Name, string? Doc, SourceSpan Span, ulong Offset, int Width, int Count, ulong Stride, AccessKind Access, ulong Reset,
    BoundCondition? Condition, string? ReadHook, string? WriteHook, EquatableArray<BoundField> Fields)
{
    /// <summary>Access widths in bytes the register answers, ascending; a width below <see cref="Width"/> reads and writes an aligned part (byte lanes).</summary>
    public EquatableArray<int> AccessWidths { get; init; }

    /// <summary>True when the register has no storage: <c>Compute{Name}</c> supplies its value and <c>Apply{Name}</c> takes writes.</summary>
    public bool Computed { get; init; }

    /// <summary>Partial method called before a read takes the value, or null.</summary>
    public string? BeforeReadHook { get; init; }

    /// <summary>True when bits no field declares are reserved (the <c>reserved</c> clause).</summary>
    public bool ReservedOutsideFields { get; init; }

    /// <summary>True for a <c>state</c> register: storage and fields the device keeps, at no offset of the window.</summary>
    public bool State { get; init; }

    /// <summary>True when some access reaches only part of the register.</summary>
    public bool IsLaned => AccessWidths.Any(w => w != Width);

    /// <summary>True when declared with <c>[count]</c>.</summary>
    public bool IsArray => Count > 1;

    /// <summary>The offset of element <paramref name="index"/>.</summary>
    public ulong OffsetOf(int index) => Offset + (ulong)index * Stride;
}

/// <summary><c>when Register.Field == Value</c>.</summary>
/// <param name="Register">The selecting register.</param>
/// <param name="Field">The selecting field.</param>
/// <param name="Value">The value that makes this register visible.</param>
public sealed record BoundCondition(string Register, string Field, ulong Value)
{
    /// <summary>The field's named value the spec compares with, or null when it wrote a number.</summary>
    public string? ValueName { get; init; }

    /// <summary>True for <c>when written.Field == value</c>: the field of the value being written selects the register.</summary>
    public bool OnWrittenValue => Register == ConditionSyntax.Written;
}

/// <summary>A bit field, bits <see cref="Low"/>..<see cref="High"/> inclusive.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Span">The declaration in its spec.</param>
/// <param name="Low">Lowest bit.</param>
/// <param name="High">Highest bit.</param>
/// <param name="Access">The field's access kind (its own or the register's).</param>
/// <param name="Reset">The field's reset value, already shifted down to bit 0.</param>
/// <param name="Values">Named values.</param>
public sealed record BoundField(
    string Name, string? Doc, SourceSpan Span, int Low, int High, AccessKind Access, ulong Reset, EquatableArray<BoundEnumValue> Values)
{
    /// <summary>The shared enum the field's values come from, or null (its own values, if any).</summary>
    public string? EnumType { get; init; }

    /// <summary>Number of bits.</summary>
    public int BitCount => High - Low + 1;

    /// <summary>The field's bits in place within the register.</summary>
    public ulong Mask => (BitCount == 64 ? ulong.MaxValue : (1UL << BitCount) - 1) << Low;
}

/// <summary>A shared <c>enum</c>: named values several fields use.</summary>
/// <param name="Name">The enum's name.</param>
/// <param name="Doc">Doc comment, or null.</param>
/// <param name="Values">Named values.</param>
public sealed record BoundEnum(string Name, string? Doc, EquatableArray<BoundEnumValue> Values);

/// <summary>A named value of a field.</summary>
/// <param name="Name">The value's name.</param>
/// <param name="Value">The value, unshifted.</param>
public sealed record BoundEnumValue(string Name, ulong Value);
