using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HvDsl.Language.Binding;
using HvDsl.Language.Parsing;

namespace HvDsl.Language;

/// <summary>The language's entry point: parse and bind spec files into a <see cref="BoundModel"/> and located diagnostics.</summary>
public static class SpecCompiler
{
    /// <summary>Parses one file; see <see cref="SpecParser.Parse"/>.</summary>
    public static ParseResult Parse(string path, string text) => SpecParser.Parse(path, text);

    /// <summary>Parses every file and binds them together, so a machine may use devices declared in other files.</summary>
    public static CompilationResult Compile(IEnumerable<(string Path, string Text)> files) =>
        Bind(files.Select(f => SpecParser.Parse(f.Path, f.Text)).ToList());

    /// <summary>Binds files parsed earlier (the generator parses each file in its own cached step); failed parses contribute only their diagnostics.</summary>
    public static CompilationResult Bind(IReadOnlyList<ParseResult> parsed)
    {
        var syntax = parsed.Where(p => p.Syntax is not null).Select(p => p.Syntax!).ToList();
        var failed = parsed.SelectMany(p => p.Diagnostics).ToList();
        var (model, diagnostics) = Binder.Bind(syntax, failed.Select(d => d.Span.Path));
        var all = failed.Concat(diagnostics)
            .OrderBy(d => d.Span.Path, System.StringComparer.Ordinal).ThenBy(d => d.Span.Start)
            .ToImmutableList();
        return new CompilationResult(model, all, parsed.Count);
    }
}
