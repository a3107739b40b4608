using System.Collections.Immutable;
using System.Linq;
using HvDsl.Language.Syntax;
using Sprache;
using static HvDsl.Language.Parsing.Lexical;

namespace HvDsl.Language.Parsing;

/// <summary>Productions of <c>hypercalls</c>: the calling convention and the numbered calls.</summary>
internal static class HypercallGrammar
{
    /// <summary><c>name: u64</c>.</summary>
    public static readonly Parser<ParameterSyntax> Parameter = Node(
        from name in Name
        from colon in Symbol(":")
        from type in Name
        select new ParameterSyntax(name, type));

    /// <summary><c>number rax;</c>, <c>arguments rbx, rcx;</c>, <c>result rax;</c>.</summary>
    public static readonly Parser<ConventionSyntax> Convention = Node(
        from keyword in OneOf("number", "arguments", "result")
        from registers in Name.XDelimitedBy(Comma)
        from end in Semicolon
        select new ConventionSyntax(keyword.Text, registers.ToImmutableArray()));

    /// <summary><c>otherwise => result -1000;</c>.</summary>
    public static readonly Parser<UnknownHypercallSyntax> Unknown = Node(ResultRule("otherwise").Select(value => new UnknownHypercallSyntax(value)));

    /// <summary><c>denied => result -1;</c>.</summary>
    public static readonly Parser<DeniedHypercallSyntax> Denied = Node(ResultRule("denied").Select(value => new DeniedHypercallSyntax(value)));

    /// <summary><c>0x100 ConsoleWrite(address: u64, length: u32) -> u64 user;</c>.</summary>
    public static readonly Parser<HypercallSyntax> Call = Node(
        from doc in Docs
        from number in Number
        from name in Name
        from open in Symbol("(")
        from parameters in Parameter.XDelimitedBy(Comma).XOptional()
        from close in Symbol(")")
        from returns in Symbol("->").Then(_ => Name).XOptional()
        from user in Keyword("user").XOptional()
        from end in Semicolon
        select new HypercallSyntax(doc, number, name, parameters.GetOrElse([]).ToImmutableArray(), returns.GetOrDefault(), user.IsDefined));

    private static readonly Parser<HypercallsMemberSyntax> Member =
        Convention.Select(m => (HypercallsMemberSyntax)m)
        .XOr(Unknown.Select(m => (HypercallsMemberSyntax)m))
        .XOr(Denied.Select(m => (HypercallsMemberSyntax)m))
        .XOr(Call.Select(m => (HypercallsMemberSyntax)m));

    private const string MemberNames = "'number', 'arguments', 'result', 'otherwise', 'denied' or a numbered call";

    /// <summary><c>hypercalls Name via vmcall { members }</c>.</summary>
    public static Parser<HypercallsSyntax> Hypercalls(string? doc) =>
        from keyword in Keyword("hypercalls")
        from name in Name
        from via in Keyword("via").Then(_ => OneOf("vmcall", "vmmcall"))
        from open in Symbol("{")
        from members in Members(Member, Close(MemberNames))
        from close in Recovered(Close(MemberNames))
        select new HypercallsSyntax(name, doc, via, members.ToImmutableArray());

    // '<keyword> => result <signed number>;'
    private static Parser<NumberSyntax> ResultRule(string keyword) =>
        from rule in Keyword(keyword)
        from arrow in FatArrow
        from result in Keyword("result")
        from value in SignedNumber
        from end in Semicolon
        select value;
}
