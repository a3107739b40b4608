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

    /// <summary>The declarations of a whole file; anything left over is an error at its first token.</summary>
    public static readonly Parser<ImmutableArray<DeclarationSyntax>> File =
        from declarations in Declaration.XMany()
        from trailing in Trivia
        from end in Parse.AnyChar.Not().Named("a declaration (device, traps, cpuid, msrs, hypercalls, service, machine)")
        select declarations.ToImmutableArray();
}
