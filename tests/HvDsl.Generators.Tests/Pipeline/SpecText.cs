using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace HvDsl.Generators.Tests.Pipeline;

/// <summary>An AdditionalFile held in memory, or one whose reading fails, as an unreadable file on disk would.</summary>
internal sealed class SpecText(string path, string? text, Exception? failure = null) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText? GetText(CancellationToken cancellationToken = default) =>
        failure is not null ? throw failure : text is null ? null : SourceText.From(text);
}
