using System.Collections.Immutable;
using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Syntax;

/// <summary><c>device Name { ... }</c>: a port-I/O or MMIO register window.</summary>
/// <param name="Name">The device type name.</param>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Members">Settings and registers in source order.</param>
public sealed record DeviceSyntax(NameSyntax Name, string? Doc, ImmutableArray<DeviceMemberSyntax> Members)
    : DeclarationSyntax(Name, Doc), IPositionAware<DeviceSyntax>
{
    /// <inheritdoc />
    public override string Keyword => "device";

    /// <inheritdoc />
    public DeviceSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary>A member of a device body.</summary>
public abstract record DeviceMemberSyntax : SyntaxNode;

/// <summary>A one-value device setting: <c>size 8;</c>, <c>irq Intr;</c>, <c>endian big;</c>, <c>policy unmapped ones;</c>.</summary>
/// <param name="Keyword">The setting keyword (<c>size</c>, <c>irq</c>, <c>endian</c>, <c>policy unmapped</c>, <c>policy width</c>).</param>
/// <param name="Value">The value's word (a name or keyword); null for numeric settings.</param>
/// <param name="Number">The numeric value, or null.</param>
public sealed record DeviceSettingSyntax(string Keyword, NameSyntax? Value, NumberSyntax? Number)
    : DeviceMemberSyntax, IPositionAware<DeviceSettingSyntax>
{
    /// <summary>Every name of a list setting (<c>irq Tx, Rx;</c>), the first being <see cref="Value"/>; empty for other settings.</summary>
    public ImmutableArray<NameSyntax> Values { get; init; } = ImmutableArray<NameSyntax>.Empty;

    /// <inheritdoc />
    public DeviceSettingSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>access 1, 2, 4;</c>: the access widths in bytes the window accepts.</summary>
/// <param name="Widths">The widths as written.</param>
public sealed record AccessWidthsSyntax(ImmutableArray<NumberSyntax> Widths) : DeviceMemberSyntax, IPositionAware<AccessWidthsSyntax>
{
    /// <summary>True for <c>access 4, 8 lanes;</c>: every register also answers the listed widths narrower than itself, over its byte lanes.</summary>
    public bool Lanes { get; init; }

    /// <summary>True for <c>access 1, 2, 4, 8 split;</c>: an access no register answers whole is served as two of half the width.</summary>
    public bool Split { get; init; }

    /// <inheritdoc />
    public AccessWidthsSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>register Name[count] @offset stride s : u8 rw reset v when R.F == v on read -> A on write -> B { fields }</c>.</summary>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Name">The register name.</param>
/// <param name="Count">The array length, or null for a single register.</param>
/// <param name="Offset">Byte offset in the window.</param>
/// <param name="Stride">Bytes between array elements, or null (defaults to the width).</param>
/// <param name="Type">The width type name (u8, u16, u32, u64).</param>
/// <param name="Access">The access kind.</param>
/// <param name="Reset">The reset value, or null for zero.</param>
/// <param name="Condition">The bank condition, or null.</param>
/// <param name="ReadHook">Partial method called on read, or null.</param>
/// <param name="WriteHook">Partial method called on write, or null.</param>
/// <param name="Fields">Bit fields.</param>
public sealed record RegisterSyntax(
    string? Doc, NameSyntax Name, NumberSyntax? Count, NumberSyntax Offset, NumberSyntax? Stride, NameSyntax Type, AccessKind Access,
    NumberSyntax? Reset, ConditionSyntax? Condition, NameSyntax? ReadHook, NameSyntax? WriteHook, ImmutableArray<FieldSyntax> Fields)
    : DeviceMemberSyntax, IPositionAware<RegisterSyntax>
{
    /// <summary>The register's own <c>access 4, 8</c> widths in bytes, or null to take the device's.</summary>
    public ImmutableArray<NumberSyntax>? AccessWidths { get; init; }

    /// <summary>True for the <c>computed</c> clause: the register has no storage; partial methods supply and take its value.</summary>
    public bool Computed { get; init; }

    /// <summary>Partial method called before a read takes the value (<c>before read -> H</c>), or null.</summary>
    public NameSyntax? BeforeReadHook { get; init; }

    /// <summary>True for the <c>reserved</c> clause: bits no field declares are reserved (<c>rsvd</c>).</summary>
    public bool ReservedOutsideFields { get; init; }

    /// <summary>True for a <c>state</c> declaration: storage and fields the guest never reaches, no offset in the window.</summary>
    public bool State { get; init; }

    /// <inheritdoc />
    public RegisterSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>group Name[count] @offset stride s { registers }</c>: a block of registers repeated <c>count</c> times, <c>s</c> bytes apart.</summary>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Name">The group name; its registers are named <c>{Name}{Register}</c>.</param>
/// <param name="Count">Number of instances.</param>
/// <param name="Offset">Byte offset of the first instance.</param>
/// <param name="Stride">Bytes between instances.</param>
/// <param name="Registers">The registers of one instance, offsets relative to the instance.</param>
public sealed record RegisterGroupSyntax(
    string? Doc, NameSyntax Name, NumberSyntax Count, NumberSyntax Offset, NumberSyntax Stride, ImmutableArray<RegisterSyntax> Registers)
    : DeviceMemberSyntax, IPositionAware<RegisterGroupSyntax>
{
    /// <inheritdoc />
    public RegisterGroupSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary>
/// <c>when Register.Field == value</c>: the register is visible only while the field holds the value; <c>when written.Field == value</c>:
/// a write-only register takes a write only when the written value's field holds it (command words sharing a port).
/// </summary>
/// <param name="Register">The selecting register.</param>
/// <param name="Field">The selecting field.</param>
/// <param name="Value">The value that selects this bank, or null when it is written as one of the field's named values.</param>
public sealed record ConditionSyntax(NameSyntax Register, NameSyntax Field, NumberSyntax? Value) : SyntaxNode, IPositionAware<ConditionSyntax>
{
    /// <summary>The field's named value that selects this bank (<c>when LCR.DLAB == Divisor</c>), or null when written as a number.</summary>
    public NameSyntax? ValueName { get; init; }

    /// <summary>Where the value is written, number or name.</summary>
    public SourceSpan ValueSpan => Value?.Span ?? ValueName!.Span;

    /// <summary>The register name that stands for the value being written, in <c>when written.Field == value</c>.</summary>
    public const string Written = "written";

    /// <summary>True when the condition tests the written value rather than another register.</summary>
    public bool OnWrittenValue => Register.Text == Written;

    /// <inheritdoc />
    public ConditionSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>Name @lo..hi rw reset v { A = 0, B = 1 }</c> or <c>Name @bit;</c>: a bit field.</summary>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Name">The field name.</param>
/// <param name="Low">The lowest bit.</param>
/// <param name="High">The highest bit, or null for a one-bit field.</param>
/// <param name="Access">The field's own access kind, or null to inherit the register's.</param>
/// <param name="Reset">The field's reset value, or null to take it from the register's.</param>
/// <param name="Values">Named values.</param>
public sealed record FieldSyntax(
    string? Doc, NameSyntax Name, NumberSyntax Low, NumberSyntax? High, AccessKind? Access, NumberSyntax? Reset, ImmutableArray<EnumValueSyntax> Values)
    : SyntaxNode, IPositionAware<FieldSyntax>
{
    /// <summary>The shared <c>enum</c> the field's values come from (<c>as Name</c>), or null.</summary>
    public NameSyntax? EnumType { get; init; }

    /// <inheritdoc />
    public FieldSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>enum Name { A = 0, B = 1 }</c> in a device: named values several fields share (<c>Field @0..1 as Name;</c>).</summary>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Name">The enum's name, also its C# type name.</param>
/// <param name="Values">Named values.</param>
public sealed record EnumSyntax(string? Doc, NameSyntax Name, ImmutableArray<EnumValueSyntax> Values) : DeviceMemberSyntax, IPositionAware<EnumSyntax>
{
    /// <inheritdoc />
    public EnumSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>Name = value</c> inside a field's braces.</summary>
/// <param name="Name">The value's name.</param>
/// <param name="Value">The value.</param>
public sealed record EnumValueSyntax(NameSyntax Name, NumberSyntax Value) : SyntaxNode, IPositionAware<EnumValueSyntax>
{
    /// <inheritdoc />
    public EnumValueSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}
