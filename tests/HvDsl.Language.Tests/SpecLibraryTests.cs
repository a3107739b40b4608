using System.Collections.Generic;
using System.Linq;

namespace HvDsl.Language.Tests;

public class SpecLibraryTests
{
    public static IEnumerable<object[]> SpecPaths => SpecLibrary.Files.Select(f => new object[] { f.Path });

    [Fact]
    public void Every_spec_in_the_library_binds_with_no_diagnostics()
    {
        var result = SpecCompiler.Compile(SpecLibrary.Files);

        Assert.Empty(result.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(SpecLibrary.Files.Count, result.FileCount);
    }

    [Theory]
    [MemberData(nameof(SpecPaths))]
    public void Each_spec_file_parses_on_its_own(string path)
    {
        var text = SpecLibrary.Files.Single(f => f.Path == path).Text;

        var result = SpecCompiler.Parse(path, text);

        Assert.Empty(result.Diagnostics);
        Assert.NotEmpty(result.Syntax!.Declarations);
    }

    [Fact]
    public void Every_spec_cites_its_source_in_a_doc_comment()
    {
        var uncited = SpecLibrary.Files.Where(f => !f.Text.Contains("/// Source:")).Select(f => f.Path);

        Assert.Empty(uncited);
    }

    [Fact]
    public void The_library_declares_the_reference_machine_and_everything_it_places()
    {
        var model = SpecCompiler.Compile(SpecLibrary.Files).Model;

        var pc = model.FindMachine("Pc")!;
        Assert.Equal(64UL << 20, pc.MemoryBytes);
        Assert.Equal("X86", pc.Traps);
        Assert.Equal("Kvm", pc.Hypercalls);
        Assert.Equal(["TimeServer", "Daytime", "Time", "Echo"], pc.Services);
        var ports = pc.Devices.ToDictionary(d => d.Name, d => (d.Address, d.Irq));
        Assert.Equal((0x3F8UL, (int?)4), ports["com1"]);
        Assert.Equal((0x2F8UL, (int?)3), ports["com2"]);
        Assert.Equal((0x70UL, (int?)8), ports["rtc"]);
        Assert.Equal((0x40UL, (int?)0), ports["pit"]);
        Assert.Equal((0x61UL, (int?)null), ports["portB"]);
        Assert.Equal((0x60UL, (int?)null), ports["kbcData"]);
        Assert.Equal((0x64UL, (int?)null), ports["kbc"]);
        Assert.Equal([("Keyboard", 1), ("Aux", 12)], pc.Devices.Single(d => d.Name == "kbc").Lines.Select(l => (l.Output, l.Line)));
        Assert.Equal((0x20UL, (int?)null), ports["picMaster"]);
        Assert.Equal((0xA0UL, (int?)2), ports["picSlave"]);
        Assert.Equal((0xE9UL, (int?)null), ports["debugcon"]);
        Assert.Equal((0xF4UL, (int?)null), ports["debugExit"]);
        Assert.Equal((0x510UL, (int?)null), ports["fwCfg"]);
        Assert.Equal((0xE0UL, (int?)null), ports["testdevPort"]);
        Assert.Equal((0xE4UL, (int?)null), ports["testdevFlush"]);
        Assert.Equal((0x2000UL, (int?)null), ports["testdevIrq"]);
        Assert.Equal((0xFF00_0000UL, (int?)null), ports["testdevMemory"]);
    }
}
