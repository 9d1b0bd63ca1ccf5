const connector = {
};
export default connector;
