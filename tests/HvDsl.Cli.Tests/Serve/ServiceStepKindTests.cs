using System;
using HvDsl.Language.Syntax;
using HvDsl.Runtime.Services;

namespace HvDsl.Cli.Tests.Serve;

public class ServiceStepKindTests
{
    [Fact]
    public void Every_spec_step_kind_has_the_runtime_step_kind_of_the_same_name()
    {
        // The emitter writes ServiceStepKind.{kind} and serve parses the name: both need the same set of names.
        Assert.Equal(Enum.GetNames<StepKind>(), Enum.GetNames<ServiceStepKind>());
    }
}
