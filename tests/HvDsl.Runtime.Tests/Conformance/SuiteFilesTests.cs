using System.Linq;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>Reading a suite: vector files, metadata and revocations, and a run over them.</summary>
public class SuiteFilesTests
{
    private const string Metadata = """
        {"opcodes": {
          "00": {"status": "normal"},
          "08": {"status": "normal", "flags-mask": 65519},
          "8F": {"reg": {"0": {"status": "normal"}, "1": {"status": "undefined"}}},
          "F7": {"reg": {"6": {"status": "normal", "flags-mask": 63274}}},
          "D8": {"status": "fpu"}
        }}
        """;

    /// <summary>The README's example: add [bx+0Eh],bl at FFFF:94B8.</summary>
    private const string AddVector = """
        {"idx":0,"name":"add [bx+0Eh],bl","bytes":[0,95,14,244],
         "initial":{"regs":{"ax":715,"bx":26659,"cx":49548,"dx":64181,"cs":65535,"ss":41175,
           "ds":65535,"es":43996,"sp":39769,"bp":65535,"si":35262,"di":34633,"ip":38072,"flags":6291},
           "ram":[[1086632,0],[1086633,95],[1086634,14],[1086635,244],[1075233,222]]},
         "final":{"regs":{"ip":38076,"flags":19},"ram":[[1075233,1]]},
         "hash":"626be5084b331080eb08256c12a62d24afdf2a03"}
        """;

    [Fact]
    public void Vector_file_gives_registers_ram_and_exception()
    {
        using var suite = new TemporarySuite(Metadata);
        string path = suite.Add("00", $$"""[{{AddVector}}, {"idx":1,"name":"x","bytes":[244],"initial":{"regs":{},"ram":[]},"final":{"regs":{},"ram":[]},"exception":{"number":0,"flag_address":4660},"hash":"h"}]""");
        var vectors = VectorFile.Load(path);
        ConformanceVector add = vectors[0];
        Assert.Equal("00", add.Opcode);
        Assert.Equal(new byte[] { 0, 95, 14, 244 }, add.Bytes);
        Assert.Equal((ushort)26659, add.Initial[VectorRegister.Bx]);
        Assert.Equal((ushort)38076, add.Final[VectorRegister.Ip]);
        Assert.Null(add.Final[VectorRegister.Ax]);
        Assert.Equal(new(1075233u, (byte)1), add.Final.Ram.Single());
        Assert.Null(add.Exception);
        Assert.Equal(new ExpectedException(0, 4660), vectors[1].Exception);
    }

    [Fact]
    public void Metadata_gives_status_and_mask_per_opcode_and_per_reg()
    {
        using var suite = new TemporarySuite(Metadata);
        var metadata = SuiteMetadata.Load(System.IO.Path.Combine(suite.Directory, "metadata.json"));
        Assert.Equal(new OpcodeInfo("normal", 65519), metadata.For("08", 0));
        Assert.Equal(new OpcodeInfo("normal", 63274), metadata.For("F7.6", 0));
        Assert.Equal("undefined", metadata.For("8F", 1).Status);
        Assert.Equal("normal", metadata.For("8F", 0).Status);
    }

    [Fact]
    public void Revocation_list_ignores_comments()
    {
        using var suite = new TemporarySuite(Metadata);
        Assert.Equal(["bad0"], RevocationList.Load(System.IO.Path.Combine(suite.Directory, "revocation_list.txt")));
    }

    [Fact]
    public void Suite_run_counts_each_verdict_and_describes_failures()
    {
        using var suite = new TemporarySuite(Metadata);
        suite.Add("00", $"[{AddVector}, {AddVector.Replace("\"flags\":19", "\"flags\":18")}, {AddVector.Replace("626be5084b331080eb08256c12a62d24afdf2a03", "bad0")}]");
        suite.Add("D8", """[{"idx":0,"name":"fadd","bytes":[216,192,244],"initial":{"regs":{},"ram":[]},"final":{"regs":{},"ram":[]},"hash":"f"}]""");
        SuiteResult result = SuiteRunner.Run(suite.Directory, () => new FakeCpu(ExecuteAddBxBl));
        Assert.Equal($"conformance {new System.IO.DirectoryInfo(suite.Directory).Name}: 1 passed, 1 failed, 2 skipped", result.Summary);
        Assert.Contains("flags: expected 0012, actual 0013", result.FailureReport());
    }

    /// <summary>What a correct processor does for the README's vector: [DS:BX+0E] += BL, past the HLT.</summary>
    private static ConformanceRun ExecuteAddBxBl(FakeCpu cpu)
    {
        cpu.Ram[1075233] = 1;
        cpu.Registers[(int)VectorRegister.Ip] = 38076;
        cpu.Registers[(int)VectorRegister.Flags] = 19;
        return new ConformanceRun(true, null, null);
    }
}
