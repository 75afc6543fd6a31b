import Box from '@material-ui/core/Box';
import AlertTitle from '@material-ui/lab/AlertTitle';

const DEPLOY_GATE =
  /^(?:to: )?cannot enter deploy before the release is approved; missing: (.*?)(\. An emergency release may break glass with a reason\.)?$/;

/**
 * Reads the deploy gate's refusal ("to: cannot enter deploy before the
 * release is approved; missing: a; b") as a title and a list; any other
 * message is shown as it is.
 */
export function TransitionRefusal(props: { message: string }) {
  const { message } = props;
  const gate = DEPLOY_GATE.exec(message.trim());
  if (!gate) {
    return <>{message}</>;
  }
  const missing = gate[1]
    .split('; ')
    .map(part => part.trim())
    .filter(Boolean);
  return (
    <>
      <AlertTitle>Not approved yet: the release cannot enter Deploy</AlertTitle>
      Still missing:
      <Box component="ul" my={0.5} pl={3}>
        {missing.map(part => (
          <li key={part}>{part}</li>
        ))}
      </Box>
      {gate[2] && 'An emergency release may break glass with a reason.'}
    </>
  );
}
