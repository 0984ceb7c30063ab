import AuthForm from '../../components/auth-form';
import type { TicketingPage } from '../../types/page';

const SignIn: TicketingPage = () => (
  <AuthForm heading="Sign In" submitLabel="Sign In" url="/api/users/signin" passwordAutoComplete="current-password" />
);

export default SignIn;
