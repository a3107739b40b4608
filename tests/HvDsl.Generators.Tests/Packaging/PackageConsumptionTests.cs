using System;
using System.Collections.Generic;
using System.IO;

namespace HvDsl.Generators.Tests.Packaging;

/// <summary>A brand-new project consumes HvDsl through one PackageReference: specs are picked up, generated, compiled and run.</summary>
[Trait("Category", "Packaging")]
public sealed class PackageConsumptionTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);

    private (int Exit, string Output) Build(string folder) =>
        DotNet.Run(folder, feed.Environment, BuildTimeout, "build", "--disable-build-servers", "-nodeReuse:false", "-p:UseSharedCompilation=false");

    [Fact]
    public void Spec_in_a_fresh_project_becomes_a_working_device()
    {
        var folder = feed.CreateConsumer("Consumer", new Dictionary<string, string>
        {
            ["Specs/counter.hvspec"] = """
                /// A one-register latch.
                device Latch {
                    size 2; access 1;
                    register Value @0 : u8 rw reset 0x2A on write -> OnValue;
                }
                """,
            ["Program.cs"] = """
                var latch = new Consumer.Latch();
                System.Console.WriteLine($"reset {latch.Read(0, 1)}");
                latch.Write(0, 1, 7);
                System.Console.WriteLine($"now {latch.Read(0, 1)} unmapped 0x{latch.Read(1, 1):X}");
                """,
            ["Latch.cs"] = """
                namespace Consumer;
                public partial class Latch
                {
                    partial void OnValue(byte value) => System.Console.WriteLine($"hook {value}");
                }
                """,
        });

        var (exit, output) = Build(folder);
        Assert.True(exit == 0, output);
        var (runExit, printed) = DotNet.Run(folder, feed.Environment, BuildTimeout, Path.Combine("bin", "Debug", "net10.0", "Consumer.dll"));

        Assert.Equal(0, runExit);
        Assert.Equal("reset 42\nhook 7\nnow 7 unmapped 0xFF\n", printed.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Broken_spec_fails_the_build_at_its_file_line_and_column()
    {
        var folder = feed.CreateConsumer("Broken", new Dictionary<string, string>
        {
            ["broken.hvspec"] = "device D {\n    size 1;\n    size 2;\n}\n",
            ["Program.cs"] = "System.Console.WriteLine();\n",
        });

        var (exit, output) = Build(folder);

        Assert.NotEqual(0, exit);
        Assert.Contains($"{Path.Combine(folder, "broken.hvspec")}(3,5): error HV0018: 'size' is already set in 'D'. Keep one.", output);
    }
}
