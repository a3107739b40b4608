using System;
using HvDsl.Language.Emitting;
using Microsoft.CodeAnalysis;

namespace HvDsl.Generators;

/// <summary>
/// Turns the <c>.hvspec</c> AdditionalFiles of a project into C#: each file is parsed on its own, the set is bound together,
/// and every declaration is emitted as one source file; spec problems become compiler diagnostics located in the spec.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class HvSpecGenerator : IIncrementalGenerator
{
    /// <summary>The extension of spec files among the AdditionalFiles.</summary>
    public const string SpecExtension = ".hvspec";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(SpecExtension, StringComparison.OrdinalIgnoreCase))
            .Select(ParsedSpec.Read)
            .WithTrackingName(TrackingNames.Parse);
        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => GeneratorOptions.Read(provider))
            .WithTrackingName(TrackingNames.Options);
        var set = files.Collect()
            .Combine(options)
            .Select(static (input, _) => SpecSet.Bind(input.Left, input.Right))
            .WithTrackingName(TrackingNames.Bind);

        var units = set.SelectMany(static (s, _) => s.Units).WithTrackingName(TrackingNames.Units);
        var diagnostics = set.Select(static (s, _) => s.Diagnostics).WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(units, static (output, unit) => Emit(output, unit));
        context.RegisterSourceOutput(diagnostics, static (output, all) =>
        {
            foreach (var diagnostic in all) output.ReportDiagnostic(SpecDiagnostics.ToRoslyn(diagnostic));
        });
    }

    private static void Emit(SourceProductionContext output, EmitUnit unit)
    {
        try
        {
            var source = SpecEmitter.Emit(unit);
            output.AddSource(source.HintName, source.Text);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            output.ReportDiagnostic(SpecDiagnostics.ToRoslyn(InternalError.Unlocated(exception)));
        }
    }
}
