using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HvDsl.Testing;

/// <summary>The compiler-visible MSBuild properties a build hands the generator, as <c>build_property.Name</c>.</summary>
internal sealed class BuildProperties(IReadOnlyDictionary<string, string> properties) : AnalyzerConfigOptionsProvider
{
    private const string Prefix = "build_property.";

    private static readonly Values None = new(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(properties);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;

    private sealed class Values(IReadOnlyDictionary<string, string> properties) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
        {
            value = null;
            return key.StartsWith(Prefix, System.StringComparison.Ordinal) && properties.TryGetValue(key[Prefix.Length..], out value);
        }
    }
}
