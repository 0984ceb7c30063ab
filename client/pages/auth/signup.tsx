import AuthForm from '../../components/auth-form';
import type { TicketingPage } from '../../types/page';

const SignUp: TicketingPage = () => (
  <AuthForm heading="Sign Up" submitLabel="Sign Up" url="/api/users/signup" passwordAutoComplete="new-password" />
);

export default SignUp;
