using System.Collections.Immutable;
using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Syntax;

/// <summary><c>traps Name { hlt => halt; ... otherwise => raise GP(0); }</c>: what each trapping instruction does.</summary>
/// <param name="Name">The table name.</param>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Rules">Rules in source order; the <c>otherwise</c> rule has no instructions.</param>
public sealed record TrapsSyntax(NameSyntax Name, string? Doc, ImmutableArray<TrapRuleSyntax> Rules)
    : DeclarationSyntax(Name, Doc), IPositionAware<TrapsSyntax>
{
    /// <inheritdoc />
    public override string Keyword => "traps";

    /// <inheritdoc />
    public TrapsSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>rdmsr, wrmsr => msrs Msrs;</c>; an empty instruction list is the <c>otherwise</c> rule.</summary>
/// <param name="Instructions">The instruction names or aliases; empty for <c>otherwise</c>.</param>
/// <param name="Action">What the hypervisor does.</param>
public sealed record TrapRuleSyntax(ImmutableArray<NameSyntax> Instructions, TrapActionSyntax Action) : SyntaxNode, IPositionAware<TrapRuleSyntax>
{
    /// <summary>True for <c>otherwise =></c>.</summary>
    public bool IsOtherwise => Instructions.IsEmpty;

    /// <inheritdoc />
    public TrapRuleSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary>The kinds of trap action.</summary>
public enum TrapActionKind
{
    /// <summary><c>halt</c>: stop the vCPU until an interrupt.</summary>
    Halt,

    /// <summary><c>ignore</c>: skip the instruction.</summary>
    Ignore,

    /// <summary><c>io</c>: forward to the port-I/O bus.</summary>
    Io,

    /// <summary><c>table Name</c>: answer from a <c>cpuid</c> table.</summary>
    Cpuid,

    /// <summary><c>msrs Name</c>: read or write through an <c>msrs</c> table.</summary>
    Msrs,

    /// <summary><c>hypercalls Name</c>: dispatch through a <c>hypercalls</c> table.</summary>
    Hypercalls,

    /// <summary><c>raise GP(0)</c>: inject an exception into the guest.</summary>
    Raise,

    /// <summary><c>Name</c>: call a partial method the machine implements.</summary>
    Handler,

    /// <summary><c>emulate</c>: the vCPU executes the instruction itself, with its architectural checks.</summary>
    Emulate,
}

/// <summary>An action: <c>halt</c>, <c>ignore</c>, <c>emulate</c>, <c>io</c>, <c>table T</c>, <c>msrs T</c>, <c>hypercalls T</c>, <c>raise X(code)</c> or a handler name.</summary>
/// <param name="Kind">Which action.</param>
/// <param name="Target">The table, exception or handler name, or null.</param>
/// <param name="ErrorCode">The exception error code for <c>raise</c>, or null.</param>
public sealed record TrapActionSyntax(TrapActionKind Kind, NameSyntax? Target, NumberSyntax? ErrorCode) : SyntaxNode, IPositionAware<TrapActionSyntax>
{
    /// <inheritdoc />
    public TrapActionSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}
