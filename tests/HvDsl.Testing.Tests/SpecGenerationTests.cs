using System.Collections.Generic;
using System.IO;
using HvDsl.Testing;

namespace HvDsl.Testing.Tests;

/// <summary>What <see cref="SpecGeneration"/> gives a user's snapshot test, and what it leaves out by default.</summary>
public sealed class SpecGenerationTests
{
    private const string Beeper = "/// A beeper.\ndevice Beeper {\n    size 1;\n    register Tone @0 : u8 rw;\n}\n";

    private static GeneratedSpecs Generate(string text, SpecGenerationOptions? options = null) =>
        SpecGeneration.FromText([("beeper.hvspec", text)], options);

    [Fact]
    public void Generated_code_attribute_carries_a_version_placeholder_unless_the_version_is_kept()
    {
        Assert.Contains("GeneratedCode(\"HvDsl\", \"{version}\")", Generate(Beeper).File("Beeper.Device.g.cs"));
        Assert.DoesNotContain("{version}", Generate(Beeper, new SpecGenerationOptions { KeepVersion = true }).File("Beeper.Device.g.cs"));
    }

    [Fact]
    public void Spec_line_comments_name_the_file_without_the_line_unless_line_numbers_are_kept()
    {
        Assert.Contains("// beeper.hvspec: register Tone @0 : u8 rw;", Generate(Beeper).File("Beeper.Device.g.cs"));
        Assert.Contains("// beeper.hvspec(4): register Tone @0 : u8 rw;", Generate(Beeper, new SpecGenerationOptions { KeepLineNumbers = true }).File("Beeper.Device.g.cs"));
    }

    [Fact]
    public void Comment_lines_added_above_a_declaration_change_nothing_generated()
    {
        var commented = "// A comment a later edit added.\n// And another.\n" + Beeper;
        Assert.Equal(Generate(Beeper).ToString(), Generate(commented).ToString());
    }

    [Fact]
    public void Namespace_option_sets_the_namespace_of_the_generated_types()
    {
        Assert.Contains("namespace My.Board", Generate(Beeper, new SpecGenerationOptions { Namespace = "My.Board" }).File("Beeper.Device.g.cs"));
    }

    [Fact]
    public void Diagnostic_is_one_line_with_its_position_only_when_line_numbers_are_kept()
    {
        var twice = Beeper + "device Beeper { size 1; }\n";

        var scrubbed = Generate(twice).Diagnostics;
        var kept = Generate(twice, new SpecGenerationOptions { KeepLineNumbers = true }).Diagnostics;

        Assert.Equal("beeper.hvspec: error HV0002: 'Beeper' is already declared at beeper.hvspec. Rename one of them.", Assert.Single(scrubbed));
        Assert.StartsWith("beeper.hvspec(6,8): error HV0002: 'Beeper' is already declared at beeper.hvspec(2,8).", Assert.Single(kept));
    }

    [Fact]
    public void Whole_set_text_lists_every_file_under_its_name_then_the_diagnostics()
    {
        var text = Generate(Beeper + "device Broken { }\n").ToString();

        Assert.StartsWith("// ---- Beeper.Device.g.cs ----\n", text);
        Assert.Contains("// ---- diagnostics ----\nbeeper.hvspec: error HV", text);
    }

    [Fact]
    public void Folder_specs_are_named_by_their_path_below_the_folder()
    {
        var folder = Directory.CreateTempSubdirectory("hvdsl-testing-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "devices"));
            File.WriteAllText(Path.Combine(folder, "devices", "beeper.hvspec"), Beeper + "device Beeper { size 1; }\n");

            var diagnostic = Assert.Single(SpecGeneration.FromFolder(folder).Diagnostics);

            Assert.StartsWith("devices/beeper.hvspec: error HV0002", diagnostic);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Missing_folder_is_an_error_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "hvdsl-no-such-spec-folder");
        var error = Assert.Throws<DirectoryNotFoundException>(() => SpecGeneration.FromFolder(missing));
        Assert.Equal($"no spec folder {missing}", error.Message);
    }

    [Fact]
    public void File_the_specs_do_not_generate_is_an_error_listing_those_they_do()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Generate(Beeper).File("Buzzer.Device.g.cs"));
        Assert.Equal("the specs generate no Buzzer.Device.g.cs; they generate Beeper.Device.g.cs", error.Message);
    }
}
