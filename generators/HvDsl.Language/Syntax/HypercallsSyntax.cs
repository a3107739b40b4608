using System.Collections.Immutable;
using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Syntax;

/// <summary><c>hypercalls Name via vmcall { number rax; arguments rbx, rcx; result rax; otherwise => result -1000; 5 Kick(x: u64); }</c>.</summary>
/// <param name="Name">The table name.</param>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Via">The trapping instruction (vmcall or vmmcall).</param>
/// <param name="Members">Convention settings and calls in source order.</param>
public sealed record HypercallsSyntax(NameSyntax Name, string? Doc, NameSyntax Via, ImmutableArray<HypercallsMemberSyntax> Members)
    : DeclarationSyntax(Name, Doc), IPositionAware<HypercallsSyntax>
{
    /// <inheritdoc />
    public override string Keyword => "hypercalls";

    /// <inheritdoc />
    public HypercallsSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary>A member of a hypercalls body.</summary>
public abstract record HypercallsMemberSyntax : SyntaxNode;

/// <summary><c>number rax;</c>, <c>arguments rbx, rcx;</c> or <c>result rax;</c>.</summary>
/// <param name="Keyword">number, arguments or result.</param>
/// <param name="Registers">The CPU registers named.</param>
public sealed record ConventionSyntax(string Keyword, ImmutableArray<NameSyntax> Registers)
    : HypercallsMemberSyntax, IPositionAware<ConventionSyntax>
{
    /// <inheritdoc />
    public ConventionSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>otherwise => result -1000;</c>: the result of an unknown number.</summary>
/// <param name="Result">The value written to the result register.</param>
public sealed record UnknownHypercallSyntax(NumberSyntax Result) : HypercallsMemberSyntax, IPositionAware<UnknownHypercallSyntax>
{
    /// <inheritdoc />
    public UnknownHypercallSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>denied => result -1;</c>: the result of a call made from CPL &gt; 0 that is not marked <c>user</c>.</summary>
/// <param name="Result">The value written to the result register.</param>
public sealed record DeniedHypercallSyntax(NumberSyntax Result) : HypercallsMemberSyntax, IPositionAware<DeniedHypercallSyntax>
{
    /// <inheritdoc />
    public DeniedHypercallSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>0x100 ConsoleWrite(address: u64, length: u32) -> u64 user;</c>.</summary>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Number">The hypercall number.</param>
/// <param name="Name">The handler name.</param>
/// <param name="Parameters">Parameters, taken from the argument registers in order.</param>
/// <param name="ReturnType">The result type, or null when the call returns 0.</param>
/// <param name="User">Marked <c>user</c>: code at CPL &gt; 0 may make the call too.</param>
public sealed record HypercallSyntax(
    string? Doc, NumberSyntax Number, NameSyntax Name, ImmutableArray<ParameterSyntax> Parameters, NameSyntax? ReturnType, bool User)
    : HypercallsMemberSyntax, IPositionAware<HypercallSyntax>
{
    /// <inheritdoc />
    public HypercallSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>name: u64</c>.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Type">u8, u16, u32 or u64.</param>
public sealed record ParameterSyntax(NameSyntax Name, NameSyntax Type) : SyntaxNode, IPositionAware<ParameterSyntax>
{
    /// <inheritdoc />
    public ParameterSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}
