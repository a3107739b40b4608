using System.Collections.Generic;
using System.IO;
using System.Linq;
using HvDsl.Language.Binding;

namespace HvDsl.Cli.Serving;

/// <summary>Picks the services <c>hvdsl serve</c> runs: all the specs declare, or those named by <c>--service</c>.</summary>
internal static class ServiceSelection
{
    /// <summary>The chosen services, or null after writing why there are none to <paramref name="stderr"/>.</summary>
    public static IReadOnlyList<BoundService>? Select(BoundModel model, IReadOnlyCollection<string> names, TextWriter stderr)
    {
        if (model.Services.Count == 0)
        {
            stderr.WriteLine("hvdsl: the specs declare no service");
            return null;
        }
        if (names.Count == 0) return model.Services.ToList();
        var declared = model.Services.ToDictionary(s => s.Name);
        if (names.FirstOrDefault(n => !declared.ContainsKey(n)) is { } unknown)
        {
            stderr.WriteLine($"hvdsl: no service named {unknown}; the specs declare {string.Join(", ", declared.Keys)}");
            return null;
        }
        return names.Distinct().Select(n => declared[n]).ToList();
    }
}
