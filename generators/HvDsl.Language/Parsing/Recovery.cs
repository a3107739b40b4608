using System;
using System.Collections.Generic;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Syntax;
using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>The syntax errors a file's parse recovered from, and the names of declarations it could not parse, collected while it runs.</summary>
/// <remarks>Sprache results carry one failure; recovering parsers report here, so one parse sees every independent mistake.</remarks>
internal sealed class Recovery : IDisposable
{
    [ThreadStatic] private static Recovery? current;

    private readonly Recovery? previous;
    private readonly SourceText source;

    private Recovery(SourceText source, Recovery? previous)
    {
        this.source = source;
        this.previous = previous;
    }

    /// <summary>The errors reported so far, in the order met.</summary>
    public List<Diagnostic> Errors { get; } = [];

    /// <summary>Names of declarations whose text failed before a syntax node could be made.</summary>
    public List<NameSyntax> Unparsed { get; } = [];

    /// <summary>Starts collecting for <paramref name="text"/> on this thread until disposed.</summary>
    public static Recovery Enter(SourceText text) => current = new Recovery(text, current);

    /// <summary>Records <paramref name="failure"/> as HV0001 at the token it failed on.</summary>
    public static void Report<T>(IResult<T> failure)
    {
        if (current is not { } recovery) return;
        var error = SyntaxError.From(failure, recovery.source);
        // A body's close and then the file's next declaration can both stop at one token: one error there is enough.
        if (recovery.Errors.Count == 0 || recovery.Errors[recovery.Errors.Count - 1].Span.Start != error.Span.Start) recovery.Errors.Add(error);
    }

    /// <summary>Records the name of a declaration that yielded no node, so references to it are not reported as unknown.</summary>
    public static void ReportUnparsed(NameSyntax name) => current?.Unparsed.Add(name);

    /// <inheritdoc />
    public void Dispose() => current = previous;
}
