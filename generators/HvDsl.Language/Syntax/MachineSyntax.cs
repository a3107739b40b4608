using System.Collections.Immutable;
using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Syntax;

/// <summary><c>machine Pc { memory 64 MiB; traps X86; hypercalls Kvm; device Uart16550 com1 at io 0x3F8 irq 4; services Echo; }</c>.</summary>
/// <param name="Name">The machine name.</param>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Members">Settings and placements in source order.</param>
public sealed record MachineSyntax(NameSyntax Name, string? Doc, ImmutableArray<MachineMemberSyntax> Members)
    : DeclarationSyntax(Name, Doc), IPositionAware<MachineSyntax>
{
    /// <inheritdoc />
    public override string Keyword => "machine";

    /// <inheritdoc />
    public MachineSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary>A member of a machine body.</summary>
public abstract record MachineMemberSyntax : SyntaxNode;

/// <summary><c>memory 64 MiB;</c> or <c>memory 64 MiB below 0xC000_0000;</c>.</summary>
/// <param name="Size">RAM size in bytes.</param>
/// <param name="Below">Where RAM below 4 GiB ends, the rest continuing at 4 GiB; null when all of it starts at 0.</param>
public sealed record MemorySyntax(NumberSyntax Size, NumberSyntax? Below = null) : MachineMemberSyntax, IPositionAware<MemorySyntax>
{
    /// <inheritdoc />
    public MemorySyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>traps X86;</c>, <c>hypercalls Kvm;</c> or <c>services TimeServer, Echo;</c>.</summary>
/// <param name="Keyword">traps, hypercalls or services.</param>
/// <param name="Names">The referenced declarations.</param>
public sealed record UsesSyntax(string Keyword, ImmutableArray<NameSyntax> Names) : MachineMemberSyntax, IPositionAware<UsesSyntax>
{
    /// <inheritdoc />
    public UsesSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary>Where a device sits.</summary>
public enum AddressSpace
{
    /// <summary>Port I/O, 0..0xFFFF.</summary>
    Io,

    /// <summary>Memory-mapped I/O in guest physical memory.</summary>
    Mmio,
}

/// <summary><c>device Uart16550 com1 at io 0x3F8 irq 4;</c>.</summary>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Type">The device type.</param>
/// <param name="Instance">The instance name.</param>
/// <param name="Space">io or mmio.</param>
/// <param name="Address">The base port or physical address.</param>
/// <param name="Irq">The interrupt line number, or null.</param>
public sealed record PlacementSyntax(string? Doc, NameSyntax Type, NameSyntax Instance, AddressSpace Space, NumberSyntax Address, NumberSyntax? Irq)
    : MachineMemberSyntax, IPositionAware<PlacementSyntax>
{
    /// <summary>Named lines, <c>irq Tx 4, Rx 5</c>: each interrupt output of the device and the line it is wired to; empty for <c>irq 4</c>.</summary>
    public ImmutableArray<IrqLineSyntax> Lines { get; init; } = ImmutableArray<IrqLineSyntax>.Empty;

    /// <inheritdoc />
    public PlacementSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>Tx 4</c> in a placement's <c>irq</c> list: the device's output <c>Tx</c> wired to line 4.</summary>
/// <param name="Output">The device's interrupt output.</param>
/// <param name="Line">The interrupt line number.</param>
public sealed record IrqLineSyntax(NameSyntax Output, NumberSyntax Line) : SyntaxNode, IPositionAware<IrqLineSyntax>
{
    /// <inheritdoc />
    public IrqLineSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}
