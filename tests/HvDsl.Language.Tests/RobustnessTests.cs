using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace HvDsl.Language.Tests;

/// <summary>Mutated real specs never make the parser or binder throw or hang.</summary>
public class RobustnessTests
{
    private const int Variants = 10_000;

    [Fact]
    public async Task Ten_thousand_mutated_specs_end_in_diagnostics_and_a_model_of_only_sound_declarations()
    {
        var random = new Random(20261125);
        var sources = SpecLibrary.Files.Select(f => f.Text).ToArray();
        var failures = new List<string>();

        // Run on a worker so a parser that loops fails the test instead of hanging the run.
        var run = Task.Run(() =>
        {
            for (var i = 0; i < Variants; i++)
            {
                var variant = Mutate(sources[random.Next(sources.Length)], random);
                try
                {
                    var result = SpecCompiler.Compile([($"variant{i}.hvspec", variant)]);
                    if (BoundSpans.HoldingErrors(result).Any()) failures.Add($"variant {i}: a declaration with errors was bound");
                }
                catch (Exception exception)
                {
                    failures.Add($"variant {i}: {exception.GetType().Name}: {exception.Message}\n{variant}");
                }
            }
        });

        // A hang guard, not a speed check: the run takes seconds on a quiet machine and minutes at load 75.
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(30)));
        Assert.True(finished == run, "mutated specs did not finish: the parser or binder loops");
        Assert.Empty(failures);
    }

    private static readonly Regex Token = new(@"\s+|//[^\n]*|""[^""\n]*""|\w+|.", RegexOptions.Compiled);

    private static string Mutate(string text, Random random)
    {
        var tokens = Token.Matches(text).Select(m => m.Value).ToList();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && tokens.Count > 1; m++)
        {
            var at = random.Next(tokens.Count);
            switch (random.Next(5))
            {
                case 0: tokens.RemoveAt(at); break;
                case 1: tokens.Insert(at, tokens[at]); break;
                case 2:
                    var other = random.Next(tokens.Count);
                    (tokens[at], tokens[other]) = (tokens[other], tokens[at]);
                    break;
                case 3: tokens.RemoveRange(at, tokens.Count - at); break;
                default: tokens.Insert(at, RandomBytes(random)); break;
            }
        }
        return string.Concat(tokens);
    }

    private static string RandomBytes(Random random)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(1, 6); i > 0; i--) builder.Append((char)random.Next(0, 256));
        return builder.ToString();
    }
}
