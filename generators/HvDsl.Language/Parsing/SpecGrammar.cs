using System.Collections.Immutable;
using System.Linq;
using HvDsl.Language.Syntax;
using Sprache;
using static HvDsl.Language.Parsing.Lexical;

namespace HvDsl.Language.Parsing;

/// <summary>The top of the grammar: a file is documented declarations, then the end of the text.</summary>
internal static class SpecGrammar
{
    private static Parser<DeclarationSyntax> Declared<T>(System.Func<string?, Parser<T>> body) where T : DeclarationSyntax, IPositionAware<T> =>
        Documented(body).Select(d => (DeclarationSyntax)d);

    /// <summary>Any top-level declaration, with its doc comment.</summary>
    public static readonly Parser<DeclarationSyntax> Declaration = Dispatch("a declaration",
        ("device", Declared(DeviceGrammar.Device)),
        ("traps", Declared(TableGrammar.Traps)),
        ("cpuid", Declared(TableGrammar.Cpuid)),
        ("msrs", Declared(TableGrammar.Msrs)),
        ("hypercalls", Declared(HypercallGrammar.Hypercalls)),
        ("service", Declared(ServiceGrammar.Service)),
        ("machine", Declared(MachineGrammar.Machine)));

    private static readonly Parser<object> End = Parse.AnyChar.Not().Named("a declaration (device, traps, cpuid, msrs, hypercalls, service, machine)");

    // The name after a declaration keyword, for a declaration that failed before its node was made.
    private static readonly Parser<NameSyntax> Header =
        from docs in Docs
        from keyword in OneOf(DeclarationKeywords)
        from name in Name
        select name;

    /// <summary>The declarations of a whole file; a declaration with a syntax error is reported and skipped to the next line that starts one.</summary>
    public static readonly Parser<ImmutableArray<DeclarationSyntax>> File =
        Recovering(Declaration, (rest, result) =>
        {
            var start = (Token)rest;
            if (start.AtEnd) return null;
            if (result.Remainder.Equals(rest)) Recovery.Report(End(rest));
            else Recovery.Report(result);
            if (Header(rest) is { WasSuccessful: true } header) Recovery.ReportUnparsed(header.Value);
            return SkipDeclaration(start, result.Remainder.Position);
        });
}
