import Notice from '../components/notice';
import type { TicketingPage } from '../types/page';

const NotFound: TicketingPage = () => <Notice heading="Page not found" message="There is nothing at this address." />;

export default NotFound;
