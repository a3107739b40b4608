using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>What <c>metadata.json</c> says of one opcode form: its status and the flags it defines.</summary>
/// <param name="FlagsMask">AND both flag words with it before comparing; 0xFFFF where every flag is defined.</param>
internal readonly record struct OpcodeInfo(string Status, ushort FlagsMask)
{
    public static readonly OpcodeInfo Normal = new("normal", 0xFFFF);
}

/// <summary>A suite's <c>metadata.json</c>: status and flag mask per opcode, and per ModRM <c>reg</c> for groups.</summary>
internal sealed class SuiteMetadata
{
    private readonly Dictionary<string, OpcodeInfo> _opcodes;
    private readonly Dictionary<string, OpcodeInfo[]> _groups;

    private SuiteMetadata(Dictionary<string, OpcodeInfo> opcodes, Dictionary<string, OpcodeInfo[]> groups)
    {
        _opcodes = opcodes;
        _groups = groups;
    }

    public static SuiteMetadata Load(string path)
    {
        using FileStream stream = File.OpenRead(path);
        using JsonDocument document = JsonDocument.Parse(stream);
        var opcodes = new Dictionary<string, OpcodeInfo>();
        var groups = new Dictionary<string, OpcodeInfo[]>();
        foreach (JsonProperty opcode in document.RootElement.GetProperty("opcodes").EnumerateObject())
        {
            if (opcode.Value.TryGetProperty("reg", out JsonElement regs))
            {
                var byReg = new OpcodeInfo[8];
                for (var r = 0; r < 8; r++)
                    byReg[r] = regs.TryGetProperty(r.ToString(), out JsonElement entry) ? Parse(entry) : OpcodeInfo.Normal;
                groups[opcode.Name] = byReg;
            }
            else
            {
                opcodes[opcode.Name] = Parse(opcode.Value);
            }
        }
        return new SuiteMetadata(opcodes, groups);
    }

    /// <summary>
    /// The entry for a file's opcode form ("F7.6", "8F"). For a group opcode whose file holds every
    /// <c>reg</c> (8F, C6, C7) the <c>reg</c> comes from the test's ModRM byte. Unlisted forms count as normal.
    /// </summary>
    public OpcodeInfo For(string opcodeForm, int? modRmReg)
    {
        int dot = opcodeForm.IndexOf('.');
        string opcode = dot < 0 ? opcodeForm : opcodeForm[..dot];
        if (_groups.TryGetValue(opcode, out OpcodeInfo[]? byReg))
        {
            int? reg = dot < 0 ? modRmReg : int.Parse(opcodeForm[(dot + 1)..]);
            return reg is { } r ? byReg[r] : OpcodeInfo.Normal;
        }
        return _opcodes.GetValueOrDefault(opcode, OpcodeInfo.Normal);
    }

    private static OpcodeInfo Parse(JsonElement entry) => new(
        entry.TryGetProperty("status", out JsonElement status) ? status.GetString() ?? "" : "",
        entry.TryGetProperty("flags-mask", out JsonElement mask) ? mask.GetUInt16() : (ushort)0xFFFF);
}
