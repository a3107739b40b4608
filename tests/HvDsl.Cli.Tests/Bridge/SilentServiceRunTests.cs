using System;
using System.IO;
using System.Threading.Tasks;
using HvDsl.Cli.Tests.Run;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.Bridge;

/// <summary>A guest waiting on a service that never answers: the instruction budget, not the service, decides when the run ends.</summary>
public sealed class SilentServiceRunTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-bridge-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public async Task Guest_polling_a_silent_echo_service_exits_4_when_its_budget_is_spent()
    {
        // Echo answers only a line, so reading without writing one waits forever.
        var image = GuestCode.Write(scratch, 64, a =>
        {
            var read = a.CreateLabel();
            a.mov(eax, 0x110);
            a.mov(ebx, 7);
            a.vmcall();
            a.mov(r12, rax);
            a.Label(ref read);
            a.mov(eax, 0x111);
            a.mov(rbx, r12);
            a.mov(ecx, 0x8000);
            a.mov(edx, 64);
            a.vmcall();
            a.jmp(read);
        });

        // Generous bound: a bridge that blocked would spend 5 s on each of the thousands of reads.
        var (exit, _, errors) = await Task.Run(() => Cli.Run("run", "--image", image, "--mode", "long", "--max-instructions", "100000"))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(4, exit);
        Assert.Contains("guest instructions: 100,000", errors);
    }
}
