using System.Collections.Immutable;
using System.Linq;
using HvDsl.Language.Syntax;
using Sprache;
using static HvDsl.Language.Parsing.Lexical;

namespace HvDsl.Language.Parsing;

/// <summary>Productions of <c>traps</c>, <c>cpuid</c> and <c>msrs</c> tables.</summary>
internal static class TableGrammar
{
    private static Parser<TrapActionSyntax> Simple(string keyword, TrapActionKind kind) =>
        Keyword(keyword).Select(_ => new TrapActionSyntax(kind, null, null));

    private static Parser<TrapActionSyntax> Referencing(string keyword, TrapActionKind kind) =>
        Keyword(keyword).Then(_ => Name).Select(name => new TrapActionSyntax(kind, name, null));

    /// <summary><c>halt</c>, <c>ignore</c>, <c>emulate</c>, <c>io</c>, <c>table T</c>, <c>msrs T</c>, <c>hypercalls T</c>, <c>raise GP(0)</c> or a handler name.</summary>
    public static readonly Parser<TrapActionSyntax> Action = Node(
        Simple("halt", TrapActionKind.Halt)
        .XOr(Simple("ignore", TrapActionKind.Ignore))
        .XOr(Simple("emulate", TrapActionKind.Emulate))
        .XOr(Simple("io", TrapActionKind.Io))
        .XOr(Referencing("table", TrapActionKind.Cpuid))
        .XOr(Referencing("msrs", TrapActionKind.Msrs))
        .XOr(Referencing("hypercalls", TrapActionKind.Hypercalls))
        .XOr(from raise in Keyword("raise")
             from exception in Name
             from code in Symbol("(").Then(_ => Number).Then(n => Symbol(")").Return(n)).XOptional()
             select new TrapActionSyntax(TrapActionKind.Raise, exception, code.GetOrDefault()))
        .XOr(Name.Select(name => new TrapActionSyntax(TrapActionKind.Handler, name, null)))
        .Named("an action (halt, ignore, emulate, io, table, msrs, hypercalls, raise or a handler name)"));

    private static readonly Parser<TrapActionSyntax> Otherwise =
        Keyword("otherwise").Then(_ => FatArrow).Then(_ => Action).Then(a => Semicolon.Return(a));

    /// <summary><c>hlt, pause => halt;</c> or <c>otherwise => raise GP(0);</c>.</summary>
    public static readonly Parser<TrapRuleSyntax> TrapRule = Node(
        Otherwise.Select(action => new TrapRuleSyntax(ImmutableArray<NameSyntax>.Empty, action))
        .XOr(from instructions in Name.XDelimitedBy(Comma)
             from arrow in FatArrow
             from action in Action
             from end in Semicolon
             select new TrapRuleSyntax(instructions.ToImmutableArray(), action)));

    /// <summary><c>traps Name { rules }</c>.</summary>
    public static Parser<TrapsSyntax> Traps(string? doc) =>
        Block("traps", TrapRule, "an instruction rule", (name, rules) => new TrapsSyntax(name, doc, rules));

    /// <summary><c>eax 0x1</c>, <c>ebx "Genu"</c> or <c>vendor "HvDslHvDslHv"</c>.</summary>
    public static readonly Parser<CpuidValueSyntax> CpuidValue = Node(
        from register in Name
        from value in Number.Select(n => new CpuidValueSyntax(register, n, null))
            .XOr(String.Select(s => new CpuidValueSyntax(register, null, s)))
        select value);

    private static readonly Parser<IOption<NumberSyntax>> Subleaf = Keyword("sub").Then(_ => Number).XOptional();

    /// <summary><c>0x7 sub 0 => eax 0, ebx 0x9C6FBB;</c>.</summary>
    public static readonly Parser<CpuidLeafSyntax> CpuidLeaf = Node(
        from doc in Docs
        from leaf in Number
        from subleaf in Subleaf
        from arrow in FatArrow
        from values in CpuidValue.XDelimitedBy(Comma)
        from end in Semicolon
        select new CpuidLeafSyntax(doc, leaf, subleaf.GetOrDefault(), values.ToImmutableArray()));

    /// <summary><c>cpuid Name { leaves }</c>.</summary>
    public static Parser<CpuidSyntax> Cpuid(string? doc) =>
        Block("cpuid", CpuidLeaf, "a leaf", (name, leaves) => new CpuidSyntax(name, doc, leaves));

    private static readonly Parser<IOption<string>> Cpu = Keyword("cpu").XOptional();

    private static readonly Parser<IOption<NumberSyntax>> MsrReset = Keyword("reset").Then(_ => Number).XOptional();

    /// <summary><c>0x3A FeatureControl ro reset 1;</c> or <c>0xC0000080 Efer rw cpu;</c>.</summary>
    public static readonly Parser<MsrSyntax> Msr = Node(
        from doc in Docs
        from index in Number
        from name in Name
        from access in Access
        from cpu in Cpu
        from reset in MsrReset
        from end in Semicolon
        select new MsrSyntax(doc, index, name, access, cpu.IsDefined, reset.GetOrDefault()));

    /// <summary><c>msrs Name { entries otherwise => raise GP(0); }</c>; the optional <c>otherwise</c> comes last.</summary>
    public static Parser<MsrsSyntax> Msrs(string? doc) =>
        from keyword in Keyword("msrs")
        from name in Name
        from open in Symbol("{")
        from entries in Members(Msr, Keyword("otherwise").XOr(Close("an MSR")))
        from otherwise in Otherwise.XOptional()
        from close in Recovered(Close("an MSR or 'otherwise'"))
        select new MsrsSyntax(name, doc, entries.ToImmutableArray(), otherwise.GetOrDefault());
}
