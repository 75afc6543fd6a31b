import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import {
  PHASE_PATH,
  ReleasePhase,
} from '@backstage-itsm/plugin-releases-common';
import { phaseLabel } from '../shared/format';

export interface PhaseStepperProps {
  phase: ReleasePhase;
  /** For a cancelled release: the phase it was in when cancelled, if known. */
  cancelledIn?: ReleasePhase;
}

/** The release's place on the forward path; a cancelled release shows where it stopped. */
export function PhaseStepper(props: PhaseStepperProps) {
  const { phase, cancelledIn } = props;
  const cancelled = phase === 'cancelled';
  let activeStep: number;
  if (phase === 'closed') {
    // Every step is done, `closed` included.
    activeStep = PHASE_PATH.length;
  } else if (cancelled) {
    activeStep = cancelledIn ? PHASE_PATH.indexOf(cancelledIn) : -1;
  } else {
    activeStep = PHASE_PATH.indexOf(phase);
  }

  return (
    <Stepper activeStep={activeStep} alternativeLabel>
      {PHASE_PATH.map((step, index) => {
        const cancelledHere = cancelled && step === cancelledIn;
        return (
          <Step
            key={step}
            completed={index < activeStep}
            aria-current={!cancelled && step === phase ? 'step' : undefined}
          >
            <StepLabel
              error={cancelledHere}
              optional={
                cancelledHere ? (
                  <Typography variant="caption" color="error">
                    Cancelled here
                  </Typography>
                ) : undefined
              }
            >
              {phaseLabel(step)}
            </StepLabel>
          </Step>
        );
      })}
    </Stepper>
  );
}
